using System.Runtime.Versioning;

// mcp-filesystem's confinement is Unix-only (realpath, lstat, hard links made with ln).
[assembly: SupportedOSPlatform("linux")]
