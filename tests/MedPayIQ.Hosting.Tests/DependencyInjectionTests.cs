using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MedPayIQ.Hosting.Tests;

/// <summary>AddMedPayIQ in a real host: options bound and validated, the service started with the host, the health check.</summary>
public sealed class DependencyInjectionTests
{
    private static readonly DateOnly November = new(2025, 11, 3);

    private static HostApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    [Fact]
    public async Task A_host_binds_the_MedPayIQ_section_starts_the_service_and_prices_a_claim()
    {
        var builder = Builder(new()
        {
            ["MedPayIQ:Releases:0"] = "RVU25A",
            ["MedPayIQ:Releases:1"] = "RVU25D",
            ["MedPayIQ:DefaultLocality"] = "01182/18",
            ["MedPayIQ:ApplySequestration"] = "true",
            ["MedPayIQ:Cache:SizeLimitBytes"] = "100000000",
        });
        builder.Services.AddMedPayIQ();
        builder.Services.AddHealthChecks().AddMedPayIQ();
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);

        var medpayiq = host.Services.GetRequiredService<MedPayIQService>();
        var options = host.Services.GetRequiredService<IOptions<MedPayIQOptions>>().Value;
        Assert.Equal(["RVU25A", "RVU25D"], options.Releases);
        Assert.Equal(100_000_000L, options.Cache.SizeLimitBytes);
        var snapshot = medpayiq.Current;
        Assert.Equal(1, snapshot.Generation);
        Assert.Equal(["RVU25A", "RVU25D"], snapshot.Releases.Select(r => r.Id.ToString()));

        var claim = snapshot.CreateClaim([new ClaimLine(November, HcpcsCode.Parse("99213")), new ClaimLine(November, HcpcsCode.Parse("20610"))]);
        Assert.Equal(PricingLocation.Of(LocalityKey.Parse("01182/18")), claim.Location);
        Assert.True(claim.ApplySequestration);
        var price = await medpayiq.PriceClaimAsync(claim, TestContext.Current.CancellationToken);
        var expected = new PaymentCalculator(PackagedFeeSchedules.Catalog).Price(claim);
        Assert.Equal(TestFiles.Render(expected), TestFiles.Render(price));
        Assert.True(price.Sequestration > 0m);

        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);
        var entry = health.Entries[MedPayIQDiagnostics.HealthCheckName];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal("Snapshot 1: 2 releases offered, 2 loaded.", entry.Description);
        Assert.Equal(new[] { "RVU25A", "RVU25D" }, (string[])entry.Data["releases"]);
        Assert.Matches(@"^loaded from MedPayIQ\.Pricing\.Data \(RVU25D\); PPRRVU sha256 641fb11b968e24c6902a0d66e7a3ce0929c2750fdae1064b9dda9862d8e4f5a5; about \d{7,8} bytes in memory$", (string)entry.Data["release:RVU25D"]);
        Assert.Equal(2L, entry.Data["cache.entries"]);
        Assert.Equal(100_000_000L, entry.Data["cache.limitBytes"]);
        Assert.Contains((string[])entry.Data["ncci"], n => n.Contains("AddOn", StringComparison.Ordinal));
        Assert.Contains((string[])entry.Data["ncci"], n => n.Contains("MuePractitioner 2026-04-01", StringComparison.Ordinal));

        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Registration_is_idempotent_and_keeps_a_clock_already_registered()
    {
        var builder = Builder(new() { ["MedPayIQ:Releases:0"] = "RVU25A" });
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddMedPayIQ().AddMedPayIQ(o => o.Releases.Add("RVU25D"));
        Assert.Single(builder.Services, d => d.ServiceType == typeof(MedPayIQService));
        Assert.Single(builder.Services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Assembly == typeof(MedPayIQService).Assembly);
        Assert.Single(builder.Services, d => d.ServiceType == typeof(TimeProvider));
        Assert.Equal(2, builder.Services.Count(d => d.ServiceType == typeof(IValidateOptions<MedPayIQOptions>)));

        using var host = builder.Build();
        Assert.Equal(["RVU25A", "RVU25D"], host.Services.GetRequiredService<IOptions<MedPayIQOptions>>().Value.Releases);
        Assert.Same(clock, host.Services.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void Without_a_host_or_a_configuration_the_options_come_from_the_code()
    {
        var services = new ServiceCollection();
        services.AddMedPayIQ(o => o.DefaultLocality = "01182/18");
        using var provider = services.BuildServiceProvider();
        Assert.Equal("01182/18", provider.GetRequiredService<IOptions<MedPayIQOptions>>().Value.DefaultLocality);
        Assert.NotNull(provider.GetRequiredService<MedPayIQService>());
    }

    [Fact]
    public async Task A_section_of_any_name_can_be_bound_and_a_changed_option_swaps_a_snapshot()
    {
        var builder = Builder(new() { ["Billing:Pricing:Releases:0"] = "RVU25D" });
        builder.Services.AddMedPayIQ(builder.Configuration.GetSection("Billing:Pricing"));
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        var medpayiq = host.Services.GetRequiredService<MedPayIQService>();
        var before = medpayiq.Current;
        Assert.Equal(PricingLocation.National, before.CreateClaim([]).Location);

        builder.Configuration["Billing:Pricing:DefaultLocality"] = "90210";
        ((IConfigurationRoot)builder.Configuration).Reload();
        await TestFiles.Until(() => medpayiq.Current.Generation == 2, "the changed option is swapped in");

        Assert.Equal(PricingLocation.OfZip("90210"), medpayiq.Current.CreateClaim([]).Location);
        Assert.Equal(PricingLocation.National, before.CreateClaim([]).Location); // the old snapshot is unchanged

        // A changed option that is invalid is not applied (the options monitor reports it to whoever reloaded the
        // configuration): the current snapshot keeps serving.
        builder.Configuration["Billing:Pricing:DefaultLocality"] = "nowhere";
        var error = Assert.Throws<AggregateException>(() => ((IConfigurationRoot)builder.Configuration).Reload());
        Assert.Contains("MedPayIQ:DefaultLocality 'nowhere'", Assert.IsType<OptionsValidationException>(error.InnerException).Message, StringComparison.Ordinal);
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.Equal(2, medpayiq.Current.Generation);
        Assert.Equal(PricingLocation.OfZip("90210"), medpayiq.Current.CreateClaim([]).Location);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }
}
