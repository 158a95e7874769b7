namespace DeployCode.AuthService;

/// <summary>The <c>Auth</c> configuration section of auth-service.</summary>
public sealed class AuthOptions
{
    /// <summary>The section the options bind to.</summary>
    public const string SectionName = "Auth";

    /// <summary>The secret every signing key is derived from (the AppHost's generated <c>jwt-signing-key</c>).</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>How long an access token is valid. Short, because other services validate it without asking.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a refresh token (and the session it belongs to) lasts without use.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long a signing key generation signs before the next one takes over.</summary>
    public TimeSpan KeyRotationPeriod { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Failed sign-ins for one account within <see cref="FailureWindow"/> before it gets 429.</summary>
    public int AccountFailureLimit { get; set; } = 5;

    /// <summary>Failed sign-ins from one address within <see cref="FailureWindow"/> before it gets 429.</summary>
    public int AddressFailureLimit { get; set; } = 20;

    /// <summary>The window failed sign-ins are counted in, and the longest a 429 lasts.</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Throws with the setting to fix when the options cannot work.</summary>
    public void Validate()
    {
        if (SigningKey.Length < Tokens.SigningKeyDerivation.MinimumSecretLength)
        {
            throw new InvalidOperationException(
                $"Auth:SigningKey must be a secret of at least {Tokens.SigningKeyDerivation.MinimumSecretLength} characters " +
                "(the AppHost passes its 'jwt-signing-key' parameter).");
        }

        Require(AccessTokenLifetime > TimeSpan.Zero && AccessTokenLifetime <= TimeSpan.FromHours(1), "Auth:AccessTokenLifetime", "between 00:00:01 and 01:00:00");
        Require(RefreshTokenLifetime > AccessTokenLifetime, "Auth:RefreshTokenLifetime", "longer than Auth:AccessTokenLifetime");
        Require(KeyRotationPeriod > AccessTokenLifetime, "Auth:KeyRotationPeriod", "longer than Auth:AccessTokenLifetime");
        Require(AccountFailureLimit > 0, "Auth:AccountFailureLimit", "at least 1");
        Require(AddressFailureLimit > 0, "Auth:AddressFailureLimit", "at least 1");
        Require(FailureWindow > TimeSpan.Zero, "Auth:FailureWindow", "a positive duration such as 00:15:00");
    }

    private static void Require(bool condition, string key, string expectation)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{key} must be {expectation}.");
        }
    }
}
