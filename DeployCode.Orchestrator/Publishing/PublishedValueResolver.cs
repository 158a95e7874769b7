using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace DeployCode.Orchestrator.Publishing;

/// <summary>
/// Turns the values of the application model (literals, endpoints, connection strings, parameters, reference
/// expressions) into the text a deployment artifact carries: another component is reached by its name on the
/// artifact's network at the port it listens on, and a parameter becomes a variable reference the platform
/// fills in, so that no secret value is ever written.
/// </summary>
/// <param name="variableReference">How the artifact refers to a variable: <c>${NAME}</c> for Compose, <c>$(NAME)</c> for Kubernetes.</param>
/// <param name="listensOn">The port a component's endpoint listens on inside the artifact.</param>
/// <param name="escapeLiteral">Escapes literal text so the artifact does not read it as a variable (<c>$</c> → <c>$$</c> in Compose).</param>
internal sealed class PublishedValueResolver(Func<string, string> variableReference, Func<EndpointReference, int> listensOn, Func<string, string> escapeLiteral)
{
    private readonly SortedDictionary<string, ParameterResource> _parameters = new(StringComparer.Ordinal);

    /// <summary>Every parameter a resolved value referred to, by variable name.</summary>
    public IReadOnlyDictionary<string, ParameterResource> Parameters => _parameters;

    /// <summary>The variable a parameter is published as: <c>postgresql-password</c> → <c>POSTGRESQL_PASSWORD</c>.</summary>
    public static string VariableName(ParameterResource parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return parameter.Name.Replace('-', '_').Replace('.', '_').ToUpperInvariant();
    }

    /// <summary>The text of <paramref name="value"/>; <paramref name="where"/> names it in an error.</summary>
    /// <exception cref="InvalidOperationException">A value this publisher cannot express.</exception>
    public async ValueTask<string> ResolveAsync(object? value, string where, CancellationToken cancellationToken)
    {
        switch (value)
        {
            case null:
                return "";
            case string text:
                return escapeLiteral(text);
            case ParameterResource parameter:
                var variable = VariableName(parameter);
                _parameters[variable] = parameter;
                return variableReference(variable);
            case EndpointReference endpoint:
                return Endpoint(endpoint, EndpointProperty.Url);
            case EndpointReferenceExpression property:
                return Endpoint(property.Endpoint, property.Property);
            case ConnectionStringReference reference:
                return await ResolveAsync(reference.Resource.ConnectionStringExpression, where, cancellationToken);
            case IResourceWithConnectionString resource:
                return await ResolveAsync(resource.ConnectionStringExpression, where, cancellationToken);
            case ReferenceExpression expression when expression.IsConditional:
                var condition = await ResolveAsync(expression.Condition, where, cancellationToken);
                var branch = string.Equals(condition, expression.MatchValue, StringComparison.OrdinalIgnoreCase) ? expression.WhenTrue : expression.WhenFalse;
                return await ResolveAsync(branch, where, cancellationToken);
            case ReferenceExpression expression:
                var arguments = new object[expression.ValueProviders.Count];
                for (var index = 0; index < arguments.Length; index++)
                {
                    arguments[index] = await ResolveAsync(expression.ValueProviders[index], where, cancellationToken);
                }

                return string.Format(CultureInfo.InvariantCulture, escapeLiteral(expression.Format), arguments);
            case IFormattable formattable:
                return formattable.ToString(null, CultureInfo.InvariantCulture);
            default:
                throw new InvalidOperationException(
                    $"{where}: a value of type {value.GetType().Name} cannot be written into a deployment artifact; give it as text, a parameter, an endpoint or a connection string.");
        }
    }

    private string Endpoint(EndpointReference endpoint, EndpointProperty property)
    {
        var host = endpoint.Resource.Name;
        var port = listensOn(endpoint).ToString(CultureInfo.InvariantCulture);
        return property switch
        {
            EndpointProperty.Url => $"{endpoint.Scheme}://{host}:{port}",
            EndpointProperty.Host or EndpointProperty.IPV4Host => host,
            EndpointProperty.Port or EndpointProperty.TargetPort => port,
            EndpointProperty.Scheme => endpoint.Scheme,
            EndpointProperty.HostAndPort => $"{host}:{port}",
            EndpointProperty.TlsEnabled => endpoint.TlsEnabled ? "true" : "false",
            _ => throw new InvalidOperationException($"{host}: endpoint property {property} cannot be published."),
        };
    }
}
