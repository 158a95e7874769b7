namespace DeployCode.AuthService.Storage;

/// <summary>Creates or updates the configured service accounts, and the bootstrap admin, at start, after the schema is up to date.</summary>
internal static class ServiceAccountSetup
{
    public static async Task EnsureServiceAccountsAsync(this UserStore users, AuthOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        foreach (var (name, account) in options.ServiceAccounts.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var outcome = await users.EnsureServiceAccountAsync(name, account.Password, account.Role, cancellationToken);
            if (outcome == UserStore.ServiceAccountOutcome.NameTakenByUser)
            {
                // A person registered that name first: their account is theirs. The deployment's checks that sign in
                // with it will fail and say so; auth-service itself serves everyone else.
                logger.LogError("Service account {Name} (Auth:ServiceAccounts:{Name}) was not set up: a registered user has that name. Rename the service account", name, name);
                continue;
            }

            logger.LogInformation("Service account {Name} ({Role}): {Outcome}", name, account.Role, outcome.ToString().ToLowerInvariant());
        }
    }

    /// <summary>Creates <see cref="AuthOptions.BootstrapAdmin"/> as an admin when no account has its name; leaves an existing one as it is.</summary>
    public static async Task EnsureBootstrapAdminAsync(this UserStore users, AuthOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var admin = options.BootstrapAdmin;
        if (admin.Username.Length == 0)
        {
            return;
        }

        var created = await users.CreateIfAbsentAsync(admin.Username, Passwords.PasswordHasher.Hash(admin.Password), DeployCode.ServiceDefaults.PlatformRoles.Admin, cancellationToken);
        logger.LogInformation("Bootstrap admin {Name} (Auth:BootstrapAdmin): {Outcome}", admin.Username, created ? "created" : "exists already, left as it is");
    }
}
