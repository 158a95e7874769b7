using System.Runtime.Versioning;

// Commands run under setsid, setpriv and prlimit, and are stopped with kill(2) on their process group.
[assembly: UnsupportedOSPlatform("windows")]
