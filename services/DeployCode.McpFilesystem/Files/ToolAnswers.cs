using System.Text.Json;
using System.Text.Json.Serialization;
using ModelContextProtocol.Protocol;

namespace DeployCode.McpFilesystem.Files;

/// <summary>
/// The reference server's answer to every text tool: the text as a text block, and the same text as structured
/// content <c>{ "content": … }</c> under the output schema this record gives.
/// </summary>
internal sealed record TextAnswer([property: JsonPropertyName("content")] string Content)
{
    public static CallToolResult Of(string text) => new()
    {
        Content = [new TextContentBlock { Text = text }],
        StructuredContent = JsonSerializer.SerializeToElement(new TextAnswer(text)),
    };
}

/// <summary>
/// read_media_file's answer: one block, an image or audio block for those types and an embedded blob resource for any
/// other, as content and again as structured content under this record's schema.
/// </summary>
internal sealed record MediaAnswer([property: JsonPropertyName("content")] IReadOnlyList<MediaBlock> Content)
{
    public static CallToolResult Of(byte[] bytes, string mimeType, Uri file)
    {
        ContentBlock block = mimeType.StartsWith("image/", StringComparison.Ordinal) ? ImageContentBlock.FromBytes(bytes, mimeType)
            : mimeType.StartsWith("audio/", StringComparison.Ordinal) ? AudioContentBlock.FromBytes(bytes, mimeType)
            : new EmbeddedResourceBlock { Resource = BlobResourceContents.FromBytes(bytes, file.AbsoluteUri, mimeType) };
        var data = Convert.ToBase64String(bytes);
        var structured = block is EmbeddedResourceBlock
            ? new MediaBlock("resource", null, null, new MediaResource(file.AbsoluteUri, mimeType, data))
            : new MediaBlock(block.Type, data, mimeType, null);
        return new CallToolResult { Content = [block], StructuredContent = JsonSerializer.SerializeToElement(new MediaAnswer([structured])) };
    }
}

/// <summary>One block of <see cref="MediaAnswer"/>: <c>image</c>/<c>audio</c> with data and MIME type, or <c>resource</c>.</summary>
internal sealed record MediaBlock(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("data"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Data,
    [property: JsonPropertyName("mimeType"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MimeType,
    [property: JsonPropertyName("resource"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MediaResource? Resource);

/// <summary>The embedded resource of a <see cref="MediaBlock"/>: the file's URI, its MIME type and its bytes in base64.</summary>
internal sealed record MediaResource(
    [property: JsonPropertyName("uri")] string Uri,
    [property: JsonPropertyName("mimeType")] string MimeType,
    [property: JsonPropertyName("blob")] string Blob);
