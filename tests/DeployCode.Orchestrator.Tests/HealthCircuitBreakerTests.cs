using DeployCode.Orchestrator.Recovery;
using Microsoft.Extensions.Time.Testing;
using DeployCode.Orchestrator.Configuration;

namespace DeployCode.Orchestrator.Tests;

public sealed class HealthCircuitBreakerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly HealthCircuitBreaker _breaker;

    public HealthCircuitBreakerTests() => _breaker = new HealthCircuitBreaker(new RecoveryOptions(), _time);

    [Fact]
    public void FourFailuresInARowKeepItClosedTheFifthOpensIt()
    {
        for (var failure = 1; failure <= 4; failure++)
        {
            Assert.Null(_breaker.Record(healthy: false));
        }

        Assert.Equal((CircuitState.Closed, CircuitState.Open), _breaker.Record(healthy: false));
        Assert.Equal(1, _breaker.Openings);
    }

    [Fact]
    public void ARecoveryEndsTheBreakSoTheTrialsStartAtOnceAndTheFirstFailureOpensItAgain()
    {
        Open();
        _time.Advance(TimeSpan.FromSeconds(5));

        _breaker.Recovered();

        Assert.Equal(CircuitState.HalfOpen, _breaker.State);
        Assert.True(_breaker.AllowsCheck());
        Assert.Equal((CircuitState.HalfOpen, CircuitState.Open), _breaker.Record(healthy: false));
        Assert.Equal(2, _breaker.Openings);
        _breaker.Recovered();
        _breaker.Record(healthy: true);
        _breaker.Record(healthy: true);
        Assert.Equal((CircuitState.HalfOpen, CircuitState.Closed), _breaker.Record(healthy: true));
    }

    [Fact]
    public void ASuccessResetsTheCount()
    {
        for (var round = 0; round < 3; round++)
        {
            _breaker.Record(healthy: false);
            _breaker.Record(healthy: false);
            _breaker.Record(healthy: false);
            _breaker.Record(healthy: false);
            _breaker.Record(healthy: true);
        }

        Assert.Equal(CircuitState.Closed, _breaker.State);
    }

    [Fact]
    public void OpenAllowsNoChecksForSixtySecondsThenThreeTrials()
    {
        Open();

        Assert.False(_breaker.AllowsCheck());
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(_breaker.AllowsCheck());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(CircuitState.HalfOpen, _breaker.State);
        Assert.True(_breaker.AllowsCheck());
    }

    [Fact]
    public void ThreeTrialSuccessesCloseIt()
    {
        Open();
        _time.Advance(TimeSpan.FromSeconds(60));

        Assert.Null(_breaker.Record(healthy: true));
        Assert.Null(_breaker.Record(healthy: true));
        Assert.Equal((CircuitState.HalfOpen, CircuitState.Closed), _breaker.Record(healthy: true));
        Assert.True(_breaker.AllowsCheck());
    }

    [Fact]
    public void AnyTrialFailureOpensItAgainForAnotherBreak()
    {
        Open();
        _time.Advance(TimeSpan.FromSeconds(60));

        _breaker.Record(healthy: true);
        Assert.Equal((CircuitState.HalfOpen, CircuitState.Open), _breaker.Record(healthy: false));
        Assert.Equal(2, _breaker.Openings);
        Assert.False(_breaker.AllowsCheck());
    }

    [Fact]
    public void AnExitTripsItAtOnce()
    {
        _breaker.Trip();

        Assert.Equal(CircuitState.Open, _breaker.State);
        Assert.Equal(1, _breaker.Openings);
    }

    [Fact]
    public void FewerTrialsThanSuccessesNeededLeaveItOpen()
    {
        var breaker = new HealthCircuitBreaker(new RecoveryOptions { HalfOpenTrials = 3, SuccessesToClose = 3, FailureThreshold = 1 }, _time);
        breaker.Record(healthy: false);
        _time.Advance(TimeSpan.FromSeconds(60));

        breaker.Record(healthy: true);
        breaker.Record(healthy: true);

        Assert.Equal(CircuitState.HalfOpen, breaker.State);
        Assert.True(breaker.AllowsCheck());
    }

    private void Open()
    {
        for (var failure = 0; failure < 5; failure++)
        {
            _breaker.Record(healthy: false);
        }

        Assert.Equal(CircuitState.Open, _breaker.State);
    }
}
