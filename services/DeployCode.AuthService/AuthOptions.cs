using DeployCode.AuthService.Endpoints;
using DeployCode.ServiceDefaults;

namespace DeployCode.AuthService;

/// <summary>The <c>Auth</c> configuration section of auth-service.</summary>
public sealed class AuthOptions
{
    /// <summary>The section the options bind to.</summary>
    public const string SectionName = "Auth";

    /// <summary>The secret every signing key is derived from (the AppHost's generated <c>jwt-signing-key</c>).</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>
    /// The secret the gateway shows with what it forwards (the AppHost's generated <c>gateway-forwarding-secret</c>):
    /// only such a request's <c>X-Forwarded-For</c> names the caller. Empty: every caller is its connection's address.
    /// </summary>
    public string GatewaySecret { get; set; } = "";

    /// <summary>How long an access token is valid. Short, because other services validate it without asking.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a refresh token (and the session it belongs to) lasts without use.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long a signing key generation signs before the next one takes over.</summary>
    public TimeSpan KeyRotationPeriod { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Failed sign-ins for one account from one address within <see cref="FailureWindow"/> before that address gets 429
    /// for that account (the right password from another address still signs in).
    /// </summary>
    public int AccountFailureLimit { get; set; } = 5;

    /// <summary>Failed sign-ins from one address within <see cref="FailureWindow"/>, for any accounts, before it gets 429.</summary>
    public int AddressFailureLimit { get; set; } = 20;

    /// <summary>
    /// Failed sign-ins for one account from all addresses within <see cref="FailureWindow"/> after which each further try
    /// for it waits, from the last failure, twice as long as the one before (1 s, 2 s, 4 s, …) up to
    /// <see cref="AccountMaxDelay"/>: many addresses slow an attack down, never lock the account.
    /// </summary>
    public int AccountDelayAfter { get; set; } = 10;

    /// <summary>The longest wait <see cref="AccountDelayAfter"/> gives.</summary>
    public TimeSpan AccountMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The window failed sign-ins are counted in, and the longest a 429 lasts.</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Accounts the deployment signs in with, keyed by user name (the AppHost gives its verifier one,
    /// <c>deploy-code</c>): created or brought up to date at start, never the first user.
    /// </summary>
    public Dictionary<string, ServiceAccountOptions> ServiceAccounts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The first admin of a published deployment (<c>BOOTSTRAP_ADMIN_USERNAME</c> and <c>BOOTSTRAP_ADMIN_PASSWORD</c> in its
    /// <c>.env</c>): created at start when no account has that name, an ordinary person's account, left as it is after.
    /// </summary>
    public BootstrapAdminOptions BootstrapAdmin { get; set; } = new();

    /// <summary>
    /// Whether the first account anyone registers becomes admin (locally, where the developer is the first). The
    /// published artifacts turn it off: there the first admin comes from <see cref="BootstrapAdmin"/>.
    /// </summary>
    public bool OpenFirstRegistration { get; set; } = true;

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
        Require(GatewaySecret.Length is 0 or >= PlatformForwarding.MinimumSecretLength, "Auth:GatewaySecret",
            $"empty or at least {PlatformForwarding.MinimumSecretLength} characters (the AppHost passes its 'gateway-forwarding-secret')");
        Require(AccountFailureLimit > 0, "Auth:AccountFailureLimit", "at least 1");
        Require(AddressFailureLimit > 0, "Auth:AddressFailureLimit", "at least 1");
        Require(AccountDelayAfter > 0, "Auth:AccountDelayAfter", "at least 1");
        Require(AccountMaxDelay > TimeSpan.Zero && AccountMaxDelay <= TimeSpan.FromMinutes(5), "Auth:AccountMaxDelay", "between 00:00:01 and 00:05:00");
        Require(FailureWindow > TimeSpan.Zero, "Auth:FailureWindow", "a positive duration such as 00:15:00");
        if (BootstrapAdmin.Username.Length > 0 || BootstrapAdmin.Password.Length > 0)
        {
            var errors = new Dictionary<string, string[]>();
            AuthFieldRules.CheckUsername(BootstrapAdmin.Username, errors);
            Require(errors.Count == 0 && BootstrapAdmin.Username == AuthFieldRules.Normalize(BootstrapAdmin.Username), "Auth:BootstrapAdmin:Username",
                "named as a user: 3 to 64 lowercase letters, digits, '.', '_' or '-' (BOOTSTRAP_ADMIN_USERNAME in .env)");
            Require(BootstrapAdmin.Password.Length is >= AuthFieldRules.MinimumPasswordLength and <= AuthFieldRules.MaximumPasswordLength,
                "Auth:BootstrapAdmin:Password", $"{AuthFieldRules.MinimumPasswordLength} to {AuthFieldRules.MaximumPasswordLength} characters (BOOTSTRAP_ADMIN_PASSWORD in .env)");
        }

        // Registration closed and no first admin would leave a platform no one can ever administer.
        Require(OpenFirstRegistration || BootstrapAdmin.Username.Length > 0, "Auth:BootstrapAdmin:Username",
            "set when Auth:OpenFirstRegistration is false, or no one could become admin (fill in BOOTSTRAP_ADMIN_USERNAME and BOOTSTRAP_ADMIN_PASSWORD in .env)");
        foreach (var (name, account) in ServiceAccounts)
        {
            var errors = new Dictionary<string, string[]>();
            AuthFieldRules.CheckUsername(name, errors);
            Require(errors.Count == 0 && name == AuthFieldRules.Normalize(name), $"Auth:ServiceAccounts:{name}", "named as a user: 3 to 64 lowercase letters, digits, '.', '_' or '-'");
            Require(account.Password.Length is >= AuthFieldRules.MinimumPasswordLength and <= AuthFieldRules.MaximumPasswordLength,
                $"Auth:ServiceAccounts:{name}:Password", $"{AuthFieldRules.MinimumPasswordLength} to {AuthFieldRules.MaximumPasswordLength} characters");
            Require(PlatformRoles.IsKnown(account.Role), $"Auth:ServiceAccounts:{name}:Role", $"one of {string.Join(", ", PlatformRoles.All)}");
        }
    }

    private static void Require(bool condition, string key, string expectation)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{key} must be {expectation}.");
        }
    }
}

/// <summary>One of <see cref="AuthOptions.ServiceAccounts"/>.</summary>
public sealed class BootstrapAdminOptions
{
    /// <summary>Its user name.</summary>
    public string Username { get; set; } = "";

    /// <summary>Its password, used only when the account is created.</summary>
    public string Password { get; set; } = "";
}

/// <summary>A service account of <see cref="AuthOptions.ServiceAccounts"/>.</summary>
public sealed class ServiceAccountOptions
{
    /// <summary>The account's password (a generated secret parameter of the AppHost).</summary>
    public string Password { get; set; } = "";

    /// <summary>What its tokens may do (viewer unless set; the AppHost gives its verifier operator, which BashGod needs).</summary>
    public string Role { get; set; } = PlatformRoles.Viewer;
}
