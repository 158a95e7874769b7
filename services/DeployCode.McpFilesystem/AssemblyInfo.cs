using System.Runtime.Versioning;

// The confinement rests on realpath(3), lstat(2) and Unix file modes.
[assembly: UnsupportedOSPlatform("windows")]
