using Microsoft.Extensions.Options;
using ModelContextProtocol;

namespace DeployCode.McpBashGod.Sandbox;

/// <summary>At most <see cref="BashGodOptions.MaxConcurrentCommands"/> commands at once; a call waits briefly for a slot, then is refused.</summary>
internal sealed class CommandSlots(IOptions<BashGodOptions> options) : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentCommands, options.Value.MaxConcurrentCommands);

    public int Running => options.Value.MaxConcurrentCommands - _slots.CurrentCount;

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (!await _slots.WaitAsync(s_wait, cancellationToken))
        {
            throw new McpException($"{options.Value.MaxConcurrentCommands} commands are running already (BashGod:MaxConcurrentCommands); try again shortly.");
        }

        return new Release(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Release(SemaphoreSlim slots) : IDisposable
    {
        public void Dispose() => slots.Release();
    }
}
