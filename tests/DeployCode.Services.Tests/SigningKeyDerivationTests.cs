using DeployCode.AuthService;
using DeployCode.AuthService.Tokens;

namespace DeployCode.Services.Tests;

public sealed class SigningKeyDerivationTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void TheSameSecretAndGenerationGiveTheSameKeyOnEveryReplica()
    {
        using var first = SigningKeyDerivation.Derive(Secret, 3);
        using var second = SigningKeyDerivation.Derive(Secret, 3);

        Assert.Equal(SigningKeyDerivation.KeyIdOf(first), SigningKeyDerivation.KeyIdOf(second));
        Assert.Equal(first.ExportParameters(includePrivateParameters: true).D, second.ExportParameters(includePrivateParameters: true).D);
    }

    [Fact]
    public void EachGenerationAndEachSecretHasItsOwnKey()
    {
        using var one = SigningKeyDerivation.Derive(Secret, 1);
        using var two = SigningKeyDerivation.Derive(Secret, 2);
        using var otherSecret = SigningKeyDerivation.Derive(Secret + "x", 1);

        Assert.Equal(3, new[] { one, two, otherSecret }.Select(SigningKeyDerivation.KeyIdOf).Distinct().Count());
    }

    [Fact]
    public void AKeyIsAP256KeyThatSignsAndVerifies()
    {
        using var key = SigningKeyDerivation.Derive(Secret, 1);
        var data = "payload"u8.ToArray();

        Assert.Equal(256, key.KeySize);
        Assert.True(key.VerifyData(data, key.SignData(data, System.Security.Cryptography.HashAlgorithmName.SHA256), System.Security.Cryptography.HashAlgorithmName.SHA256));
    }

    [Theory]
    [InlineData("", "Auth:SigningKey")]
    [InlineData("too short", "Auth:SigningKey")]
    public void AMissingOrShortSecretStopsStartUpNamingTheSetting(string secret, string setting)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new AuthOptions { SigningKey = secret }.Validate());
        Assert.StartsWith(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARefreshTokenThatOutlivesNoAccessTokenIsRefused()
    {
        var options = new AuthOptions { SigningKey = Secret, AccessTokenLifetime = TimeSpan.FromMinutes(30), RefreshTokenLifetime = TimeSpan.FromMinutes(10) };

        Assert.StartsWith("Auth:RefreshTokenLifetime", Assert.Throws<InvalidOperationException>(options.Validate).Message, StringComparison.Ordinal);
    }
}
