using System.Data.Common;

namespace DeployCode.ServiceDefaults;

/// <summary>
/// Runs a unit of database work again when it failed for a reason that passes: above all a pooled connection the
/// server closed (PostgreSQL restarted, failed over, or ended idle sessions). Such a connection fails only when it
/// is next used; Npgsql then clears its pool, so the next attempt opens a fresh connection and succeeds.
/// </summary>
/// <remarks>
/// Each attempt is the whole unit (its own connection and transaction), so a failed attempt left nothing behind;
/// only a connection lost during its commit leaves it unknown whether that commit landed, as with any client.
/// </remarks>
public static class TransientDatabaseRetry
{
    private const int Attempts = 3;
    private static readonly TimeSpan s_firstPause = TimeSpan.FromMilliseconds(50);

    /// <summary>Runs <paramref name="unit"/>, again (up to three times in all) while it fails with a transient database error.</summary>
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await unit(cancellationToken);
            }
            catch (DbException exception) when (exception.IsTransient && attempt < Attempts && !cancellationToken.IsCancellationRequested)
            {
                // The first retry almost always finds a fresh connection; a second one gives a restarting server a moment.
                await Task.Delay(s_firstPause * (attempt * attempt), cancellationToken);
            }
        }
    }

    /// <inheritdoc cref="RunAsync{T}(Func{CancellationToken, Task{T}}, CancellationToken)"/>
    public static Task RunAsync(Func<CancellationToken, Task> unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return RunAsync(async token =>
        {
            await unit(token);
            return true;
        }, cancellationToken);
    }
}
