using System.Security.Claims;
using System.Text.Json;
using DeployCode.CircleOfExperts.Experts;
using DeployCode.CircleOfExperts.Queries;
using DeployCode.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace DeployCode.CircleOfExperts.Endpoints;

/// <summary>
/// The circle's API, reached through the gateway under <c>/experts</c>: the experts and whether each can be asked,
/// and queries (ask, follow, list). Every route needs a signed-in user (the platform's fallback policy).
/// </summary>
internal static class ExpertEndpoints
{
    private const int DefaultListLimit = 20;
    private const string ExpectedBody = "Expected: {\"question\": \"...\", \"experts\": [\"name\", ...], \"refresh\": false} (experts and refresh are optional).";
    private const int MaxListLimit = 200;

    /// <summary>What a 503 says when no expert can be asked.</summary>
    public const string HowToConfigure =
        "Configure one in the AppHost: DeployCode:Experts:<name>:Provider (openai, anthropic or openai-compatible), Model, " +
        "and ApiKey (or the AppHost parameter <name>-api-key) or BaseUrl; for example DeployCode__Experts__local__Provider=openai-compatible, " +
        "DeployCode__Experts__local__Model=llama3.1 and DeployCode__Experts__local__BaseUrl=http://localhost:11434/v1 for Ollama.";

    public static void MapExpertEndpoints(this WebApplication app)
    {
        app.MapGet("/experts", ListExperts);
        app.MapPost("/experts/queries", SubmitAsync);
        app.MapGet("/experts/queries", ListQueriesAsync);
        app.MapGet("/experts/queries/{id:guid}", GetQueryAsync);
    }

    private static IResult ListExperts(ExpertCatalog catalog, ExpertAvailability availability, ExpertCircuits circuits) =>
        Results.Ok(catalog.Experts.Select(expert =>
        {
            var status = availability.StatusOf(expert);
            return new
            {
                name = expert.Name,
                provider = expert.Provider,
                model = expert.Model,
                endpoint = expert.Endpoint.GetLeftPart(UriPartial.Authority),
                weight = expert.Weight,
                timeoutSeconds = expert.Timeout.TotalSeconds,
                available = status.Available,
                reason = status.Reason,
                checkedAt = status.CheckedAt,
                circuit = circuits.StateOf(expert),
                priced = expert.InputPricePerMillionTokens is not null || expert.OutputPricePerMillionTokens is not null,
            };
        }));

    private static async Task<IResult> SubmitAsync(HttpRequest http, ClaimsPrincipal user, ExpertCatalog catalog, ExpertAvailability availability, ExpertCircle circle, IOptions<CircleOptions> options, CancellationToken cancellationToken)
    {
        QueryRequest? request;
        try
        {
            request = http.HasJsonContentType() ? await http.ReadFromJsonAsync<QueryRequest>(cancellationToken) : null;
        }
        catch (JsonException exception)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"The body is not the JSON expected ({exception.Message}). {ExpectedBody}"] });
        }

        if (request is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"Send a JSON body with Content-Type application/json. {ExpectedBody}"] });
        }

        var (experts, errors) = request.Validate(catalog, options.Value.MaxQuestionLength);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        if (!experts.Any(availability.IsAvailable))
        {
            var reasons = string.Join("; ", experts.Select(expert => $"{expert.Name}: {availability.StatusOf(expert).Reason}"));
            return Results.Problem(
                title: "No expert is available",
                detail: (experts.Count == 0 ? "No expert is configured. " : $"None of the experts asked can answer now ({reasons}). ") + HowToConfigure,
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var query = await circle.SubmitAsync(Owner(user), request.Question!.Trim(), experts, request.Refresh, cancellationToken);
        return Results.Accepted($"/experts/queries/{query.Id}", QueryView.Of(query));
    }

    private static async Task<IResult> ListQueriesAsync(ClaimsPrincipal user, QueryStore store, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxListLimit)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"Give a limit from 1 to {MaxListLimit}."] });
        }

        // Admins see everyone's queries; everyone else their own.
        var owner = user.IsInRole(PlatformRoles.Admin) ? null : Owner(user);
        var queries = await store.ListAsync(owner, limit ?? DefaultListLimit, cancellationToken);
        return Results.Ok(queries.Select(QueryView.Of));
    }

    private static async Task<IResult> GetQueryAsync(Guid id, ClaimsPrincipal user, QueryStore store, CancellationToken cancellationToken)
    {
        var query = await store.FindAsync(id, cancellationToken);
        // Someone else's query is not found rather than forbidden: ids say nothing about who asks what.
        return query is null || (query.Owner != Owner(user) && !user.IsInRole(PlatformRoles.Admin))
            ? Results.Problem(title: "No such query", detail: $"There is no query {id} of yours.", statusCode: StatusCodes.Status404NotFound)
            : Results.Ok(QueryView.Of(query));
    }

    private static string Owner(ClaimsPrincipal user) => user.FindFirstValue("sub") ?? user.Identity?.Name ?? "unknown";
}
