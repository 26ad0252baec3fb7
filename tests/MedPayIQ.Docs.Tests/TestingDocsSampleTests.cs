using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MedPayIQ.Docs.Tests;

// The samples of docs/testing-billing-logic.md are these test classes, run as they are shown
// (the page shows each region character for character: DocsSampleTests.Docs_show_the_samples_as_tested checks it).

// sample: testing-facts
public class FeeScheduleTests
{
    private static readonly PaymentCalculator Calculator = new(PackagedFeeSchedules.Catalog);   // shared: loaded once per test run

    [Fact]
    public void An_office_visit_in_Los_Angeles_is_paid_at_the_locality_rate()
    {
        var day = new DateOnly(2025, 11, 3);
        var claim = new Claim([new ClaimLine(day, HcpcsCode.Parse("99213"))])
        {
            Location = PricingLocation.Of(LocalityKey.Parse("01182/18")),
        };

        var price = Calculator.Price(claim);

        var line = price.Lines[0];
        Assert.Equal(PriceOutcome.Priced, line.Outcome);
        Assert.Equal("RVU25D", line.Release!.Id.ToString());
        Assert.Equal(PriceConfidence.High, line.Confidence);
        Assert.Equal(98.19m, price.AllowedAmount);
        Assert.Equal(78.55m, price.MedicarePayment);   // 80%: the patient owes 20% coinsurance
    }

    [Theory]
    [InlineData("99213", "", "88.95")]
    [InlineData("77321", "26", "48.84")]
    [InlineData("77321", "TC", "43.67")]
    public void National_non_facility_amounts_in_November_2025(string hcpcs, string modifier, string expected)
    {
        var request = new ServiceRequest(
            HcpcsCode.Parse(hcpcs), modifier.Length == 0 ? Modifier.None : Modifier.Parse(modifier), new DateOnly(2025, 11, 3),
            PricingLocation.National, PricingSetting.NonFacility);

        var price = Calculator.Price(request);

        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), price.FeeScheduleAmount);
    }
}
// end sample

// sample: testing-fixture
public sealed class MedPayIQFixture : IAsyncLifetime
{
    public MedPayIQService Service { get; } = new(new MedPayIQOptions { DefaultLocality = "01182/18", TrackDeductible = true });

    public async ValueTask InitializeAsync() => await Service.StartAsync();

    public ValueTask DisposeAsync()
    {
        Service.Dispose();
        return ValueTask.CompletedTask;
    }
}

public class ScrubberTests(MedPayIQFixture medpayiq) : IClassFixture<MedPayIQFixture>
{
    [Fact]
    public async Task The_first_visit_of_the_year_goes_to_the_deductible()
    {
        var snapshot = medpayiq.Service.Current;
        var claim = snapshot.CreateClaim([new ClaimLine(new DateOnly(2025, 11, 3), HcpcsCode.Parse("99214"))]);

        var price = await snapshot.PriceClaimAsync(claim, TestContext.Current.CancellationToken);

        Assert.Equal(257m, claim.DeductibleRemaining);       // TrackDeductible: the whole 2025 deductible is unmet
        Assert.Equal(price.AllowedAmount, price.Deductible);  // the visit's allowed amount is under it
        Assert.Equal(0m, price.MedicarePayment);
    }

    [Fact]
    public void An_add_on_code_billed_without_its_primary_is_denied()
    {
        var day = new DateOnly(2026, 8, 3);
        var claim = medpayiq.Service.CreateClaim([new ClaimLine(day, HcpcsCode.Parse("11045"))]);

        var check = medpayiq.Service.CheckNcci(claim);

        var finding = Assert.Single(check.Findings);
        Assert.Equal(NcciFindingKind.AddOnWithoutPrimary, finding.Kind);
        Assert.Equal(1, finding.DeniedLine);
    }
}
// end sample

public class HostWiringTests
{
    // sample: testing-host
    [Fact]
    public async Task The_billing_service_starts_with_the_releases_it_needs()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMedPayIQ(options =>
        {
            options.Releases.Clear();          // whatever appsettings.json says, this test prices with RVU25D alone
            options.Releases.Add("RVU25D");
            options.DefaultLocality = "01182/18";
        });
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);

        var medpayiq = host.Services.GetRequiredService<MedPayIQService>();

        Assert.Equal(["RVU25D"], medpayiq.Current.Releases.Select(r => r.Id.ToString()));
        var october = await medpayiq.Current.GetReleaseAsync(new DateOnly(2025, 12, 31), TestContext.Current.CancellationToken);
        Assert.Equal("RVU25D", october!.Id.ToString());
        Assert.Null(medpayiq.Current.ReleaseFor(new DateOnly(2024, 12, 31)));  // no 2024 release offered: never another year's
        await host.StopAsync(TestContext.Current.CancellationToken);
    }
    // end sample
}
