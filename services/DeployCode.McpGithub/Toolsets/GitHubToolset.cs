using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeployCode.McpGithub.GitHub;
using ModelContextProtocol;

namespace DeployCode.McpGithub.Toolsets;

/// <summary>
/// What every toolset's tools share: calls that answer GitHub's JSON, query strings, checks of arguments that take
/// one of a few values (the reference server's enums), a subset of fields per entry, and the cursors of listings
/// that the reference pages with GraphQL cursors while GitHub's REST API pages by number.
/// </summary>
internal abstract class GitHubToolset(GitHubApi api)
{
    private static readonly JsonSerializerOptions s_output = new() { WriteIndented = true };

    private static readonly string[] s_searchFields =
    [
        "number", "title", "body", "state", "state_reason", "draft", "locked", "html_url", "user", "author_association", "labels",
        "assignee", "assignees", "milestone", "comments", "reactions", "created_at", "updated_at", "closed_at", "pull_request", "repository_url",
    ];

    private static readonly string[] s_searchSorts =
    [
        "comments", "reactions", "reactions-+1", "reactions--1", "reactions-smile", "reactions-thinking_face", "reactions-heart",
        "reactions-tada", "interactions", "created", "updated",
    ];

    protected GitHubApi Api { get; } = api;

    protected async Task<string> GetAsync(string path, CancellationToken cancellationToken) => Json(await Api.GetAsync(path, cancellationToken));

    protected async Task<string> SendAsync(HttpMethod method, string path, object body, CancellationToken cancellationToken) =>
        Json(await Api.SendAsync(method, path, body, cancellationToken));

    protected static string Json(JsonElement value) => value.ValueKind == JsonValueKind.Undefined ? "{}" : JsonSerializer.Serialize(value, s_output);

    protected static string Json(JsonNode? value) => value?.ToJsonString(s_output) ?? "{}";

    protected static string EscapePath(string path) => string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString));

    protected static string Query(params (string Name, object? Value)[] parameters)
    {
        var present = parameters.Where(parameter => parameter.Value is not null)
            .Select(parameter => $"{parameter.Name}={Uri.EscapeDataString(Convert.ToString(parameter.Value, CultureInfo.InvariantCulture)!)}")
            .ToArray();
        return present.Length == 0 ? "" : "?" + string.Join('&', present);
    }

    /// <summary>The argument, if given, when it is one of <paramref name="allowed"/>; otherwise a tool error naming it and them.</summary>
    protected static string? OneOf(string argument, string? value, params string[] allowed) =>
        value is null || allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw new McpException($"{argument} must be one of {string.Join(", ", allowed)}; got '{value}'.");

    /// <summary>A page size within GitHub's 1 to 100.</summary>
    protected static int? PerPage(int? perPage) =>
        perPage is null or (>= 1 and <= 100) ? perPage : throw new McpException($"perPage must be from 1 to 100; got {perPage}.");

    /// <summary>
    /// Each entry of <paramref name="entries"/> with only <paramref name="fields"/> (all of them when none are given);
    /// a field that is not one of <paramref name="allowed"/> is a tool error naming the allowed ones.
    /// </summary>
    protected static JsonNode? Keep(JsonElement entries, string[]? fields, params string[] allowed)
    {
        var node = JsonSerializer.SerializeToNode(entries);
        if (fields is not { Length: > 0 } || node is not JsonArray array)
        {
            return node;
        }

        foreach (var field in fields)
        {
            OneOf("fields", field, allowed);
        }

        foreach (var entry in array.OfType<JsonObject>())
        {
            foreach (var name in entry.Select(property => property.Key).Where(name => !fields.Contains(name, StringComparer.Ordinal)).ToList())
            {
                entry.Remove(name);
            }
        }

        return array;
    }

    /// <summary>The page a cursor from <see cref="PageInfo"/> stands for (1 without one).</summary>
    protected static int PageOf(string? after)
    {
        if (after is null)
        {
            return 1;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(after));
            if (text.StartsWith("page:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(5), CultureInfo.InvariantCulture, out var page) && page >= 1)
            {
                return page;
            }
        }
        catch (FormatException)
        {
        }

        throw new McpException($"after must be the endCursor of an earlier answer's pageInfo; '{after}' is not one.");
    }

    /// <summary>The reference's <c>pageInfo</c>: whether a next page exists, and the cursor that asks for it.</summary>
    protected static JsonObject PageInfo(int page, bool hasNext) => new()
    {
        ["hasNextPage"] = hasNext,
        ["hasPreviousPage"] = page > 1,
        ["endCursor"] = hasNext ? Convert.ToBase64String(Encoding.UTF8.GetBytes($"page:{page + 1}")) : null,
    };

    /// <summary>GitHub's issue search limited to one kind (issue or pr), and to one repository when both names are given.</summary>
    protected async Task<string> SearchIssuesOfKindAsync(string kind, string query, string? owner, string? repo, string? sort, string? order, int? page, int? perPage, string[]? fields, CancellationToken cancellationToken)
    {
        if ((owner is null) != (repo is null))
        {
            throw new McpException("owner and repo go together: give both to search one repository, or neither.");
        }

        var scope = owner is null ? "" : $" repo:{owner}/{repo}";
        var found = await Api.GetAsync($"search/issues{Query(("q", $"is:{kind}{scope} {query}"), ("sort", OneOf("sort", sort, s_searchSorts)), ("order", OneOf("order", order, "asc", "desc")), ("page", page), ("per_page", PerPage(perPage)))}", cancellationToken);
        var answer = JsonSerializer.SerializeToNode(found)!.AsObject();
        answer["items"] = Keep(found.GetProperty("items"), fields, s_searchFields);
        return Json(answer);
    }
}
