using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Resources;
using DeployCode.Orchestrator.Runtime;

namespace DeployCode.Orchestrator.Tests;

[Collection(FakeCommandLineTools.Name)]
public sealed class HostGpusTests : IDisposable
{
    private const string TwoGpuListing =
        "GPU 0: NVIDIA GeForce RTX 4090 (UUID: GPU-5a1c3f7e-2b9d-4e8a-9c41-7f3d2e1b0a96)\n" +
        "GPU 1: NVIDIA GeForce RTX 4090 (UUID: GPU-8e2d4b6a-1c3f-4a5e-b7d9-0f2e4c6a8b13)\n";

    private const string MigListing =
        "GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-0c5f2a8e-3b1d-4f6a-9e7c-2d4b6f8a0c1e)\n" +
        "  MIG 1g.5gb     Device  0: (UUID: MIG-7f1e3d5b-9a2c-4e6f-8b0d-1c3e5a7f9b2d)\n" +
        "  MIG 1g.5gb     Device  1: (UUID: MIG-2a4c6e8f-0b1d-4f3a-8c5e-7d9f1b3a5c7e)\n" +
        "GPU 1: NVIDIA A100-SXM4-40GB (UUID: GPU-9d3b7f1a-5c2e-4a8d-b6f0-3e5a7c9d1b4f)\n" +
        "GPU 2: NVIDIA A100-SXM4-40GB (UUID: GPU-4e6a8c0f-2d1b-4c3e-9a5f-8b7d0e2c4a6f)\n";

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void EachGpuLineOfTheListingCounts()
    {
        Assert.Equal(2, HostGpus.ParseListing(TwoGpuListing));
    }

    [Fact]
    public void MigDevicesAreNotCountedAsGpus()
    {
        Assert.Equal(3, HostGpus.ParseListing(MigListing));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("No devices were found\n")]
    public void AListingWithoutGpuLinesCountsNone(string listing)
    {
        Assert.Equal(0, HostGpus.ParseListing(listing));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("2", 2)]
    [InlineData("8", 8)]
    public void AConfiguredCountIsTakenWithoutAskingTheDriver(string configured, int expected)
    {
        _temp.Executable("bin/nvidia-smi", "echo 'GPU 0: must not be asked'");

        Assert.Equal(expected, HostGpus.Discover(configured, Locator()));
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("-1")]
    [InlineData("2.5")]
    public void AConfiguredValueThatIsNotACountIsRefusedNamingTheSetting(string configured)
    {
        var error = Assert.Throws<DeployCodeConfigurationException>(() => HostGpus.Discover(configured, Locator()));

        Assert.Contains("DeployCode:Gpus", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{configured}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("AUTO")]
    public void AutoCountsTheGpusNvidiaSmiLists(string configured)
    {
        _temp.Executable("bin/nvidia-smi", $"[ \"$1\" = -L ] || exit 2\nprintf '{TwoGpuListing.Replace("\n", "\\n", StringComparison.Ordinal)}'");

        Assert.Equal(2, HostGpus.Discover(configured, Locator()));
    }

    [Fact]
    public void AutoWithoutNvidiaSmiCountsNone()
    {
        Assert.Equal(0, HostGpus.Discover("auto", Locator()));
    }

    [Fact]
    public async Task AnNvidiaSmiThatNeverClosesItsOutputCountsAsNoneWithinItsTimeLimit()
    {
        _temp.Executable("bin/nvidia-smi", "echo 'GPU 0: x'; sleep 60 &");

        var count = await Task.Run(() => HostGpus.Discover("auto", Locator()), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(0, count);
    }

    [Fact]
    public void AutoCountsNoneWhenNvidiaSmiFails()
    {
        _temp.Executable("bin/nvidia-smi", "echo 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.'\nexit 9");

        Assert.Equal(0, HostGpus.Discover("auto", Locator()));
    }

    private BinaryLocator Locator() => new([_temp.Folder("bin")], []);
}
