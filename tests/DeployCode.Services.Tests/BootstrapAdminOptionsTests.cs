using DeployCode.AuthService;

namespace DeployCode.Services.Tests;

public sealed class BootstrapAdminOptionsTests
{
    private const string Secret = "a signing secret long enough for the key derivation to accept it";

    [Fact]
    public void ClosedRegistrationWithABootstrapAdminIsAccepted() =>
        new AuthOptions { SigningKey = Secret, OpenFirstRegistration = false, BootstrapAdmin = new() { Username = "first-admin", Password = "a long enough password" } }.Validate();

    [Theory]
    [InlineData("", "", false, "Auth:BootstrapAdmin:Username must be set when Auth:OpenFirstRegistration is false")]
    [InlineData("First Admin", "a long enough password", false, "Auth:BootstrapAdmin:Username must be named as a user")]
    [InlineData("first-admin", "short", false, "Auth:BootstrapAdmin:Password must be 12 to 256 characters (BOOTSTRAP_ADMIN_PASSWORD in .env)")]
    [InlineData("", "a long enough password", true, "Auth:BootstrapAdmin:Username must be named as a user")]
    public void AnUnusableBootstrapAdminStopsStartUpNamingTheSettingAndTheFix(string username, string password, bool open, string message)
    {
        var options = new AuthOptions { SigningKey = Secret, OpenFirstRegistration = open, BootstrapAdmin = new() { Username = username, Password = password } };

        Assert.StartsWith(message, Assert.Throws<InvalidOperationException>(options.Validate).Message, StringComparison.Ordinal);
    }
}
