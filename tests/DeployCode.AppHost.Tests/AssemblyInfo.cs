using System.Runtime.Versioning;

// The platform runs on Linux here (process mode's binaries, dockerd, BashGod's bubblewrap sandbox).
[assembly: SupportedOSPlatform("linux")]
