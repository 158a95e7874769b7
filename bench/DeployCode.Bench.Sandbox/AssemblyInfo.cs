using System.Runtime.Versioning;

// BashGod's sandbox is Linux namespaces.
[assembly: SupportedOSPlatform("linux")]
