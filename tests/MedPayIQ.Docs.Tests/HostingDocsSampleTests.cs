using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using MedPayIQ.AspNetCore;
using Microsoft.Extensions.DependencyInjection;

namespace MedPayIQ.Docs.Tests;


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
        builder.Services.AddMedPayIQ();      // the "MedPayIQ" section; validated and loaded before the app serves
        builder.Services.AddMedPayIQApi();   // ProblemDetails, the "medpayiq" health check, the OpenAPI document "medpayiq"

        var app = builder.Build();
        app.MapMedPayIQ();                   // POST /medpayiq/price, /medpayiq/check and /medpayiq/adjudicate, GET /medpayiq/releases and /medpayiq/health
        app.MapOpenApi();                    // GET /openapi/medpayiq.json
        app.MapPost("/admin/reload", async (MedPayIQService medpayiq, CancellationToken cancellationToken) =>
            await medpayiq.ReloadAsync(cancellationToken) ? Results.Ok($"snapshot {medpayiq.Current.Generation}") : Results.NoContent());
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

        foreach (var (request, expected, path, status) in new[] { ("request", "response", "/medpayiq/price", 200), ("check-request", "check-response", "/medpayiq/check", 200), ("bad-request", "bad-response", "/medpayiq/price", 400) })
        {
            using var body = new StringContent(Json(request), System.Text.Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri(path, UriKind.Relative), body, ct);
            Assert.Equal(status, (int)response.StatusCode);
            var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!.AsObject();
            answer.Remove("traceId"); // differs at each request
            var documented = JsonNode.Parse(Json(expected));
            Assert.True(JsonNode.DeepEquals(documented, answer), answer.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        }

        using var health = await http.GetAsync(new Uri("/medpayiq/health", UriKind.Relative), ct);
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
