using DeployCode.AuthService.Endpoints;

namespace DeployCode.Services.Tests;

public sealed class AuthFieldRulesTests
{
    [Theory]
    [InlineData("alice")]
    [InlineData("Alice.Smith")]
    [InlineData("ops_team-2")]
    [InlineData("  bob  ")]
    public void UsualUserNamesAreAccepted(string username)
    {
        var errors = new Dictionary<string, string[]>();
        AuthFieldRules.CheckUsername(username, errors);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(null, "Required.")]
    [InlineData("", "Required.")]
    [InlineData("ab", "3 to 64")]
    [InlineData("-leading", "3 to 64")]
    [InlineData("has space", "3 to 64")]
    [InlineData("naïve", "3 to 64")]
    public void BadUserNamesAreReportedOnTheUsernameField(string? username, string message)
    {
        var errors = new Dictionary<string, string[]>();
        AuthFieldRules.CheckUsername(username, errors);
        Assert.StartsWith(message, Assert.Single(errors["username"]), StringComparison.Ordinal);
    }

    [Fact]
    public void UserNamesCompareWithoutCaseOrSurroundingSpace()
    {
        Assert.Equal("alice", AuthFieldRules.Normalize("  ALICE "));
    }

    [Theory]
    [InlineData(11, false)]
    [InlineData(12, true)]
    [InlineData(256, true)]
    [InlineData(257, false)]
    public void NewPasswordsAreTwelveTo256Characters(int length, bool accepted)
    {
        var errors = new Dictionary<string, string[]>();
        AuthFieldRules.CheckNewPassword(new string('p', length), errors);
        Assert.Equal(accepted, !errors.ContainsKey("password"));
    }

    [Theory]
    [InlineData("admin", true)]
    [InlineData("operator", true)]
    [InlineData("viewer", true)]
    [InlineData("Admin", false)]
    [InlineData("root", false)]
    public void OnlyThePlatformsRolesAreAccepted(string role, bool accepted)
    {
        var errors = new Dictionary<string, string[]>();
        AuthFieldRules.CheckRole(role, errors, required: true);
        Assert.Equal(accepted, errors.Count == 0);
    }

    [Fact]
    public void AMissingRoleIsFineUnlessRequired()
    {
        var optional = new Dictionary<string, string[]>();
        var required = new Dictionary<string, string[]>();
        AuthFieldRules.CheckRole(null, optional, required: false);
        AuthFieldRules.CheckRole(null, required, required: true);

        Assert.Empty(optional);
        Assert.Contains("admin, operator, viewer", Assert.Single(required["role"]), StringComparison.Ordinal);
    }
}
