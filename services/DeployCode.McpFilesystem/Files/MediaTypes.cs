namespace DeployCode.McpFilesystem.Files;

/// <summary>The MIME types read_media_file knows by extension (the reference server's table); any other file is binary.</summary>
internal static class MediaTypes
{
    private static readonly Dictionary<string, string> s_byExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".bmp"] = "image/bmp",
        [".svg"] = "image/svg+xml",
        [".mp3"] = "audio/mpeg",
        [".wav"] = "audio/wav",
        [".ogg"] = "audio/ogg",
        [".flac"] = "audio/flac",
    };

    public static string Of(string path) => s_byExtension.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
}
