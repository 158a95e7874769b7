namespace DeployCode.AuthService.Storage;

/// <summary>An account: its role decides what its tokens may do.</summary>
internal sealed record PlatformUser(Guid Id, string Username, string Role, string PasswordHash, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
