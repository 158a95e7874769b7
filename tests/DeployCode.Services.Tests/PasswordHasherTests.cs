using DeployCode.AuthService.Passwords;

namespace DeployCode.Services.Tests;

public sealed class PasswordHasherTests
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public void AHashIsAnArgon2idPhcStringWithItsParameters()
    {
        var hash = PasswordHasher.Hash(Password);

        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", hash, StringComparison.Ordinal);
        Assert.Equal(5, hash.Split('$', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain(Password, hash, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyTheRightPasswordVerifies()
    {
        var hash = PasswordHasher.Hash(Password);

        Assert.True(PasswordHasher.Verify(Password, hash));
        Assert.False(PasswordHasher.Verify(Password + " ", hash));
        Assert.False(PasswordHasher.Verify("", hash));
    }

    [Fact]
    public void EachHashHasItsOwnSalt()
    {
        Assert.NotEqual(PasswordHasher.Hash(Password), PasswordHasher.Hash(Password));
    }

    [Fact]
    public void AHashWithAlteredParametersOrGarbageDoesNotVerify()
    {
        var hash = PasswordHasher.Hash(Password);

        Assert.False(PasswordHasher.Verify(Password, hash.Replace("t=2", "t=3", StringComparison.Ordinal)));
        Assert.False(PasswordHasher.Verify(Password, hash.Replace("$argon2id$", "$argon2i$", StringComparison.Ordinal)));
        Assert.False(PasswordHasher.Verify(Password, "not a hash"));
        Assert.False(PasswordHasher.Verify(Password, "$argon2id$v=19$m=19456,t=2,p=1$!!$!!"));
    }

    [Fact]
    public void TheDecoyNeverVerifiesAndIsMadeOnce()
    {
        var hasher = new PasswordHasher();

        Assert.Same(hasher.Decoy, hasher.Decoy);
        Assert.False(PasswordHasher.Verify(Password, hasher.Decoy));
    }
}
