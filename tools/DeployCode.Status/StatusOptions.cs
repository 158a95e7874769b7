namespace DeployCode.Status;

/// <summary>What <c>./deploy-code status</c> was asked: where the platform listens, or its state folder.</summary>
internal sealed record StatusOptions(Uri? Url, string? StateFolder, string? Problem)
{
    public const string Usage = "usage: ./deploy-code status [--url http://127.0.0.1:9464] [--state <state folder>]";

    public static StatusOptions Parse(IReadOnlyList<string> args)
    {
        Uri? url = null;
        string? state = null;
        for (var index = 0; index < args.Count; index++)
        {
            var value = index + 1 < args.Count ? args[index + 1] : null;
            switch (args[index])
            {
                case "--url" when value is not null:
                    if (!Uri.TryCreate(value, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https"))
                    {
                        return new(null, null, $"--url {value} is not an http(s) address such as http://127.0.0.1:9464");
                    }

                    index++;
                    break;
                case "--state" when value is not null:
                    state = value;
                    index++;
                    break;
                case "--help" or "-h":
                    return new(null, null, "");
                default:
                    return new(null, null, $"'{args[index]}' is not an option{(value is null && args[index].StartsWith("--", StringComparison.Ordinal) ? " here, or it lacks its value" : "")}");
            }
        }

        return new(url, state, null);
    }
}
