namespace Aspire.Hosting.ApplicationModel;

/// <summary>What one check of the deployment's verification asks of the component it is on.</summary>
public enum PlatformCheckKind
{
    /// <summary><c>GET</c> the path on the component's own port answers 200.</summary>
    Answers,

    /// <summary><c>GET</c> the path on the component's own port, without a token, answers 401.</summary>
    RefusesWithoutToken,

    /// <summary><c>GET</c> the path through the entry point, with the verifier account's token, answers 200.</summary>
    AnswersSignedIn,

    /// <summary>An MCP client with the verifier account's token initializes at the path through the entry point and lists tools.</summary>
    ListsMcpTools,
}
