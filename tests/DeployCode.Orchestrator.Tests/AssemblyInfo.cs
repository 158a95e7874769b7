using System.Runtime.Versioning;

// The orchestrator's process mode runs Unix binaries; these tests create Unix file modes and run bash scripts.
[assembly: SupportedOSPlatform("linux")]
