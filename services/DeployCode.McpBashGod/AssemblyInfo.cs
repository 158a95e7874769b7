using System.Runtime.Versioning;

// Commands run in bubblewrap sandboxes (Linux namespaces), under setpriv and prlimit.
[assembly: UnsupportedOSPlatform("windows")]
