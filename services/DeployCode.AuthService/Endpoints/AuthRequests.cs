using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using DeployCode.ServiceDefaults;

namespace DeployCode.AuthService.Endpoints;

/// <summary><c>POST /auth/register</c>: <c>role</c> is optional (viewer) and ignored for the first user (admin).</summary>
internal sealed record RegisterRequest(string? Username, string? Password, string? Role);

/// <summary><c>POST /auth/token</c>.</summary>
internal sealed record TokenRequest(string? Username, string? Password);

/// <summary><c>POST /auth/refresh</c>, with the OAuth 2.0 field name.</summary>
internal sealed record RefreshRequest([property: JsonPropertyName("refresh_token")] string? RefreshToken);

/// <summary><c>PUT /auth/users/{username}/role</c>.</summary>
internal sealed record RoleChangeRequest(string? Role);

/// <summary>The answer of <c>/auth/token</c> and <c>/auth/refresh</c>, in OAuth 2.0's field names (RFC 6749 §5.1).</summary>
internal sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("refresh_token")] string RefreshToken,
    [property: JsonPropertyName("refresh_token_expires_in")] int RefreshTokenExpiresIn);

/// <summary>An account as the API shows it: never the password hash.</summary>
internal sealed record UserResponse(Guid Id, string Username, string Role, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool ServiceAccount)
{
    public static UserResponse Of(Storage.PlatformUser user) => new(user.Id, user.Username, user.Role, user.CreatedAt, user.UpdatedAt, user.ServiceAccount);
}

/// <summary>The rules for each field; every broken rule is reported, by field, in one 400.</summary>
internal static partial class AuthFieldRules
{
    public const int MinimumPasswordLength = 12;
    public const int MaximumPasswordLength = 256;

    /// <summary>User names are compared lowercase: <c>Alice</c> and <c>alice</c> are one account.</summary>
    public static string Normalize(string? username) => (username ?? "").Trim().ToLowerInvariant();

    public static void CheckUsername(string? username, Dictionary<string, string[]> errors)
    {
        var normalized = Normalize(username);
        if (normalized.Length == 0)
        {
            errors["username"] = ["Required."];
        }
        else if (normalized.Length is < 3 or > 64 || !UsernamePattern().IsMatch(normalized))
        {
            errors["username"] = ["3 to 64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit."];
        }
    }

    public static void CheckNewPassword(string? password, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(password))
        {
            errors["password"] = ["Required."];
        }
        else if (password.Length is < MinimumPasswordLength or > MaximumPasswordLength)
        {
            errors["password"] = [$"{MinimumPasswordLength} to {MaximumPasswordLength} characters."];
        }
    }

    public static void CheckPresent(string? value, string field, Dictionary<string, string[]> errors, int maximumLength = MaximumPasswordLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors[field] = ["Required."];
        }
        else if (value.Length > maximumLength)
        {
            errors[field] = [$"At most {maximumLength} characters."];
        }
    }

    public static void CheckRole(string? role, Dictionary<string, string[]> errors, bool required)
    {
        if (role is null && !required)
        {
            return;
        }

        if (!PlatformRoles.IsKnown(role))
        {
            errors["role"] = [$"One of {string.Join(", ", PlatformRoles.All)}."];
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex UsernamePattern();
}
