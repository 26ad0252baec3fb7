using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace MedPayIQ.Hosting.Tests;

/// <summary>The MedPayIQ meter's counters and the MedPayIQ activity source.</summary>
public sealed class DiagnosticsTests
{
    [Fact]
    public async Task Lines_priced_edits_fired_and_load_time_are_measured_and_pricing_is_traced()
    {
        var ct = TestContext.Current.CancellationToken;
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == MedPayIQDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (activities) { activities.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);

        var options = new MedPayIQOptions();
        options.Releases.Add("RVU26C");
        using var medpayiq = new MedPayIQService(options);
        using var lines = new MetricCollector<long>(medpayiq.Instruments.LinesPriced);
        using var edits = new MetricCollector<long>(medpayiq.Instruments.NcciEditsFired);
        using var loadTime = new MetricCollector<long>(medpayiq.Instruments.ReleaseLoadDuration);
        using var swaps = new MetricCollector<long>(medpayiq.Instruments.SnapshotSwaps);
        await medpayiq.StartAsync(ct);

        var day = new DateOnly(2026, 8, 3);
        var claim = medpayiq.CreateClaim(
        [
            new ClaimLine(day, HcpcsCode.Parse("99213")),
            new ClaimLine(day, HcpcsCode.Parse("11045")),   // an add-on code without its primary (11042)
            new ClaimLine(day, HcpcsCode.Parse("0001F")),   // status I: not payable
        ]);
        var price = await medpayiq.PriceClaimAsync(claim, ct);
        var check = medpayiq.CheckNcci(claim);

        Assert.Equal(2, lines.GetMeasurementSnapshot().Where(m => m.Tags["medpayiq.priced"] is true).Sum(m => m.Value));
        Assert.Equal(1, lines.GetMeasurementSnapshot().Where(m => m.Tags["medpayiq.priced"] is false).Sum(m => m.Value));
        Assert.Equal(1, price.UnpricedLines);
        Assert.NotEmpty(check.Findings);
        Assert.Equal(check.Findings.Length, edits.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal("RVU26C", Assert.Single(loadTime.GetMeasurementSnapshot()).Tags["medpayiq.release"]);
        Assert.Equal(1, swaps.GetMeasurementSnapshot().Sum(m => m.Value));

        string[] names;
        lock (activities)
        {
            names = [.. activities.Select(a => a.OperationName)];
        }

        Assert.Contains("medpayiq.release.load", names);
        Assert.Contains("medpayiq.reload", names);
        Assert.Contains("medpayiq.price_claim", names);
        Assert.Contains("medpayiq.ncci.check", names);
    }

    [Fact]
    public async Task The_meter_comes_from_the_hosts_meter_factory_under_the_name_MedPayIQ()
    {
        var collection = new ServiceCollection();
        collection.AddMetrics();
        using var services = collection.AddMedPayIQ(o => o.Releases.Add("RVU25D")).BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var collector = new MetricCollector<long>(factory, MedPayIQDiagnostics.Name, MedPayIQDiagnostics.LinesPriced);
        var medpayiq = services.GetRequiredService<MedPayIQService>();
        await medpayiq.PriceServiceAsync(new ServiceRequest(HcpcsCode.Parse("99213"), Modifier.None, new DateOnly(2025, 11, 3), PricingLocation.National, PricingSetting.NonFacility), TestContext.Current.CancellationToken);
        Assert.Equal(1, Assert.Single(collector.GetMeasurementSnapshot()).Value);
    }
}
