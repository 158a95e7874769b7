namespace DeployCode.AuthService.Storage;

/// <summary>
/// An account: its role decides what its tokens may do. A service account is created from configuration
/// (<c>Auth:ServiceAccounts</c>) for the deployment itself, not registered, and never counts as the first user.
/// </summary>
internal sealed record PlatformUser(Guid Id, string Username, string Role, string PasswordHash, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool ServiceAccount = false);
