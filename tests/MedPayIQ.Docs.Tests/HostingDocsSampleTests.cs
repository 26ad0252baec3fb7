using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MedPayIQ.Docs.Tests;

// sample: hosting-contracts
public sealed record PriceRequest(string? Zip, PriceRequestLine[] Lines);

public sealed record PriceRequestLine(DateOnly DateOfService, string Hcpcs, string? Modifiers = null, int Units = 1);

public sealed record PricedLine(int Line, string Hcpcs, string Outcome, string? Release, decimal Allowed, decimal MedicarePayment, string Confidence);

public sealed record PriceResponse(long Snapshot, decimal Allowed, decimal Deductible, decimal MedicarePayment, PricedLine[] Lines, string[] NcciEdits);
// end sample

/// <summary>
/// The C# samples of docs/hosting.md, run: the minimal API is served by Kestrel on a loopback port, configured by the
/// page's appsettings.json, and answers the page's request with the page's response. docs/hosting.md shows each
/// region character for character (checked by DocsSampleTests.Docs_show_the_samples_as_tested).
/// </summary>
[Collection(nameof(HostingConsoleTests))]
public sealed partial class HostingDocsSampleTests
{
    private static string Page() => File.ReadAllText(Path.Combine(TestFiles.RepositoryRoot(), "docs", "hosting.md")).Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>The JSON block after <c>&lt;!-- name --&gt;</c> on the page.</summary>
    private static string Json(string name)
    {
        var m = Regex.Match(Page(), $"<!-- {name} -->\n```json\n(.*?)```", RegexOptions.Singleline);
        Assert.True(m.Success, $"docs/hosting.md has a json block marked <!-- {name} -->");
        return m.Groups[1].Value;
    }

    private static WebApplication CreateApp(string[] args)
    {
        // sample: hosting-program
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddMedPayIQ();                     // the "MedPayIQ" section; validated and loaded before the app serves
        builder.Services.AddHealthChecks().AddMedPayIQ();   // "medpayiq": the releases loaded and their provenance

        var app = builder.Build();
        app.MapPost("/claims/price", async (PriceRequest request, MedPayIQService medpayiq, CancellationToken cancellationToken) =>
        {
            var snapshot = medpayiq.Current;                // one snapshot for the whole request, whatever is swapped in meanwhile
            var claim = snapshot.CreateClaim(request.Lines.Select(l =>
                new ClaimLine(l.DateOfService, HcpcsCode.Parse(l.Hcpcs), l.Modifiers is null ? default : ModifierSet.Parse(l.Modifiers)) { Units = l.Units }));
            if (request.Zip is not null)
            {
                claim = claim with { Location = PricingLocation.OfZip(request.Zip) };
            }

            var price = await snapshot.PriceClaimAsync(claim, cancellationToken);
            var ncci = snapshot.CheckNcci(claim);
            return new PriceResponse(snapshot.Generation, price.AllowedAmount, price.Deductible, price.MedicarePayment,
                [.. price.Lines.Select(l => new PricedLine(l.LineNumber, l.Line.Hcpcs.ToString(), l.Outcome.ToString(), l.Release?.Id.ToString(), l.AllowedAmount, l.MedicarePayment, l.Confidence.ToString()))],
                [.. ncci.Findings.Select(f => f.Reason)]);
        });
        app.MapPost("/admin/reload", async (MedPayIQService medpayiq, CancellationToken cancellationToken) =>
            await medpayiq.ReloadAsync(cancellationToken) ? Results.Ok($"snapshot {medpayiq.Current.Generation}") : Results.NoContent());
        app.MapHealthChecks("/health");
        // end sample
        return app;
    }

    [Fact]
    public async Task The_minimal_API_prices_the_pages_claim_over_HTTP()
    {
        var ct = TestContext.Current.CancellationToken;
        var contentRoot = TestFiles.NewFolder("minimal-api");
        File.WriteAllText(Path.Combine(contentRoot, "appsettings.json"), Json("appsettings"));
        await using var app = CreateApp(["--contentRoot", contentRoot, "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"]);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        using var body = new StringContent(Json("request"), System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/claims/price", UriKind.Relative), body, ct);
        response.EnsureSuccessStatusCode();
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
        var documented = JsonNode.Parse(Json("response"));
        Assert.True(JsonNode.DeepEquals(documented, answer), answer!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));

        using var health = await http.GetAsync(new Uri("/health", UriKind.Relative), ct);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync(ct));
        using var reload = await http.PostAsync(new Uri("/admin/reload", UriKind.Relative), null, ct);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, reload.StatusCode);
        await app.StopAsync(ct);
    }

    [Fact]
    public async Task Plain()
    {
        var console = new StringWriter();
        var original = Console.Out;
        Console.SetOut(console);
        try
        {
#pragma warning disable xUnit1051 // the page's code runs outside a test: no test cancellation token
            // sample: hosting-plain
            var options = new MedPayIQOptions { DefaultLocality = "01182/18", ApplySequestration = true };
            options.Releases.Add("RVU25D");
            using var medpayiq = new MedPayIQService(options);   // validates the options; no host needed
            await medpayiq.StartAsync();                           // loads RVU25D

            var snapshot = medpayiq.Current;
            var claim = snapshot.CreateClaim([new ClaimLine(new DateOnly(2025, 11, 3), HcpcsCode.Parse("99213"))]);
            var price = await snapshot.PriceClaimAsync(claim);
            Console.WriteLine($"{price.Lines[0].Release!.Id} {claim.Location.Locality}: allowed {price.AllowedAmount}, sequestration {price.Sequestration}, Medicare {price.MedicarePayment}");
            // RVU25D 01182/18: allowed 98.19, sequestration 1.57, Medicare 76.98
            // end sample
#pragma warning restore xUnit1051
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Equal("RVU25D 01182/18: allowed 98.19, sequestration 1.57, Medicare 76.98", console.ToString().Trim());
    }
}

/// <summary>Tests that redirect Console.Out run one at a time.</summary>
[CollectionDefinition(nameof(HostingConsoleTests), DisableParallelization = true)]
public sealed class HostingConsoleTests;
