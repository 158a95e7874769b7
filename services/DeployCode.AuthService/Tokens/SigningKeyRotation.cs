namespace DeployCode.AuthService.Tokens;

/// <summary>Keeps the key ring current: picks up rotations made by other replicas and rotates when one is due.</summary>
internal sealed class SigningKeyRotation(SigningKeyRing keys, ILogger<SigningKeyRotation> logger) : BackgroundService
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(s_interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await keys.RotateIfDueAsync(stoppingToken);
                await keys.RefreshAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The keys in hand keep signing; the next tick tries again.
                logger.LogWarning(exception, "Could not refresh the signing keys");
            }
        }
    }
}
