using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace MedPayIQ.AspNetCore.Tests;

/// <summary>
/// The MedPayIQ HTTP API on the ASP.NET Core test host (and once on Kestrel): claims priced and checked, every kind of
/// bad input answered 400 with a ValidationProblemDetails naming the field (defect 3 of issue 22: the hand-written API
/// answered 500), the limits on body size, lines and units, the OpenAPI document.
/// </summary>
public sealed class ApiTests() : ApiHostTests(o => o.MaxRequestBodyBytes = 64 * 1024)
{
    private async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(path, content, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text)!);
    }

    [Fact]
    public async Task A_DME_line_is_priced_by_the_beneficiary_s_rural_ZIP_through_POST_price()
    {
        // The packaged DMEPOS April 2025 file: E0601-RR California non-rural 49.12, rural 91.03; 90704 is rural in the
        // 2025 Q2 DMEPOS ZIP code file, 90097 is neither rural nor in a former competitive bidding area.
        const string line = """{ "dateOfService": "2025-05-06", "hcpcs": "E0601", "modifiers": "RR" }""";
        var (status, body) = await PostAsync("/medpayiq/price", $$"""{ "zip": "90097", "beneficiaryZip": "90704", "lines": [ {{line}}, { "dateOfService": "2025-05-06", "hcpcs": "80053" } ] }""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("Priced", 91.03m), (body["lines"]![0]!["outcome"]!.GetValue<string>(), body["lines"]![0]!["allowed"]!.GetValue<decimal>()));
        Assert.Contains("DMEPOS 2025 Q2", body["lines"]![0]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(10.56m, body["lines"]![1]!["allowed"]!.GetValue<decimal>()); // CLFS 2025 Q2, paid in full
        Assert.Equal(10.56m, body["lines"]![1]!["medicarePayment"]!.GetValue<decimal>());

        // No beneficiary ZIP: the claim's ZIP stands for it (non-rural).
        var (_, urban) = await PostAsync("/medpayiq/price", $$"""{ "zip": "90097", "lines": [ {{line}} ] }""");
        Assert.Equal(49.12m, urban["lines"]![0]!["allowed"]!.GetValue<decimal>());

        var (bad, problem) = await PostAsync("/medpayiq/price", $$"""{ "beneficiaryZip": "9070", "lines": [ {{line}} ] }""");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.NotNull(problem["errors"]!["beneficiaryZip"]);
    }

    [Fact]
    public async Task A_claim_is_priced_and_checked()
    {
        const string claim = """{ "zip": "90210", "lines": [ { "dateOfService": "2025-11-03", "hcpcs": "99213" }, { "dateOfService": "2025-11-03", "hcpcs": "11045", "units": 2 } ] }""";
        var (status, body) = await PostAsync("/medpayiq/price", claim);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(182.91m, body["allowed"]!.GetValue<decimal>());
        Assert.Equal("RVU25D", body["lines"]![0]!["release"]!.GetValue<string>());
        Assert.Equal(98.19m, body["lines"]![0]!["allowed"]!.GetValue<decimal>());

        var (checkStatus, check) = await PostAsync("/medpayiq/check", claim);
        Assert.Equal(HttpStatusCode.OK, checkStatus);
        Assert.Equal("AddOnWithoutPrimary", check["findings"]![0]!["kind"]!.GetValue<string>());
    }

    public static TheoryData<string, string, string> BadClaims() => new()
    {
        { """{ "lines": [ { "dateOfService": "2025-11-03", "hcpcs": "9921" } ] }""", "lines[0].hcpcs", "" },
        { """{ "lines": [ { "dateOfService": "2025-11-03", "hcpcs": "99213", "modifiers": "2X6" } ] }""", "lines[0].modifiers", "" },
        { """{ "zip": "9021", "lines": [ { "dateOfService": "2025-11-03", "hcpcs": "99213" } ] }""", "zip", "A ZIP code is five digits, or ZIP+4 (12345-6789)." },
        { """{ "locality": "0118X/18", "lines": [ { "dateOfService": "2025-11-03", "hcpcs": "99213" } ] }""", "locality", "" },
        { """{ "placeOfService": "1x", "lines": [ { "dateOfService": "2025-11-03", "hcpcs": "99213" } ] }""", "placeOfService", "" },
        { """{ "lines": [ { "dateOfService": "2025-11-03", "hcpcs": "99213", "placeOfService": "ZZ" } ] }""", "lines[0].placeOfService", "" },
        { """{ "lines": [ { "dateOfService": "11/03/2025", "hcpcs": "99213" } ] }""", "lines[0].dateOfService", "'11/03/2025' is not a date of service as yyyy-MM-dd." },
        { """{ "lines": [ { "dateOfService": "2025-11-03", "hcpcs": "99213", "units": 2147483647 } ] }""", "lines[0].units", "Units are from 1 to 999; 2147483647 given." },
        { """{ "lines": [ { "dateOfService": "2025-11-03", "hcpcs": "99213", "units": 0 } ] }""", "lines[0].units", "Units are from 1 to 999; 0 given." },
        { """{}""", "lines", "A claim has at least one line." },
        { """{ "lines": [ null ] }""", "lines[0]", "A line is an object with a dateOfService and an hcpcs code." },
        { """{ "lines": [ { "dateOfService": "2025-11-03", "hcpcs": 99213 } ] }""", "$.lines[0].hcpcs", "" },
        { """{ "lines": [ { "dateOfService": "2025-11-03", "hcpcs": "99213" """, "$.lines[0]", "" },
        { """[1, 2]""", "$", "" },
    };

    [Theory]
    [MemberData(nameof(BadClaims))]
    public async Task Bad_input_is_a_400_ValidationProblemDetails_naming_the_field(string claim, string field, string message)
    {
        foreach (var path in new[] { "/medpayiq/price", "/medpayiq/check", "/medpayiq/adjudicate" })
        {
            var (status, body) = await PostAsync(path, claim);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal(400, body["status"]!.GetValue<int>());
            var errors = body["errors"]!.AsObject();
            Assert.True(errors.ContainsKey(field), $"{path}: errors name {string.Join(", ", errors.Select(e => e.Key))}, not {field}");
            var text = errors[field]![0]!.GetValue<string>();
            Assert.NotEmpty(text);
            if (message.Length > 0)
            {
                Assert.Equal(message, text);
            }
        }
    }

    [Fact]
    public async Task The_library_s_own_message_names_what_is_wrong_with_a_code()
    {
        var (_, body) = await PostAsync("/medpayiq/price", """{ "lines": [ { "dateOfService": "2025-11-03", "hcpcs": "9921" } ] }""");
        string expected;
        try
        {
            Pricing.HcpcsCode.Parse("9921");
            expected = "";
        }
        catch (FormatException ex)
        {
            expected = ex.Message;
        }

        Assert.Equal(expected, body["errors"]!["lines[0].hcpcs"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Claims_past_the_limits_are_refused_before_pricing()
    {
        var line = """{ "dateOfService": "2025-11-03", "hcpcs": "99213" }""";
        var (status, body) = await PostAsync("/medpayiq/price", $$"""{ "lines": [ {{string.Join(", ", Enumerable.Repeat(line, 51))}} ] }""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("A claim has at most 50 lines (an 837P claim holds at most 50 service lines); this one has 51.", body["errors"]!["lines"]![0]!.GetValue<string>());

        var (big, bigBody) = await PostAsync("/medpayiq/price", $$"""{ "lines": [ {{string.Join(", ", Enumerable.Repeat(line, 2000))}} ] }""");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big);
        Assert.Equal("The body is larger than 65,536 bytes (MedPayIQApiOptions.MaxRequestBodyBytes).", bigBody["detail"]!.GetValue<string>());

        // A chunked body (no Content-Length) is cut off at the limit too.
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($$"""{ "lines": [ {{string.Join(", ", Enumerable.Repeat(line, 2000))}} ] }""")));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/medpayiq/price") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var response = await Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Releases_health_and_the_OpenAPI_document_are_served()
    {
        var ct = TestContext.Current.CancellationToken;
        var releases = JsonNode.Parse(await Http.GetStringAsync("/medpayiq/releases", ct))!;
        Assert.Equal("RVU25D", releases["releases"]![0]!["id"]!.GetValue<string>());
        Assert.True(releases["releases"]![0]!["loaded"]!.GetValue<bool>());
        Assert.Equal("Packaged", releases["releases"]![0]!["kind"]!.GetValue<string>());

        using var health = await Http.GetAsync("/medpayiq/health", ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync(ct));

        var openApi = JsonNode.Parse(await Http.GetStringAsync("/openapi/medpayiq.json", ct))!;
        var paths = openApi["paths"]!.AsObject();
        Assert.Equal(["/medpayiq/adjudicate", "/medpayiq/check", "/medpayiq/price", "/medpayiq/releases"], paths.Select(p => p.Key).Order(StringComparer.Ordinal));
        var adjudicate = paths["/medpayiq/adjudicate"]!["post"]!;
        Assert.Equal(["application/edi-x12", "application/json", "text/plain"], adjudicate["requestBody"]!["content"]!.AsObject().Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["application/edi-x12", "application/json", "text/plain"], adjudicate["responses"]!["200"]!["content"]!.AsObject().Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.NotNull(adjudicate["responses"]!["400"]);
        Assert.True(openApi["components"]!["schemas"]!.AsObject().ContainsKey("AdjudicationResponse"));
        Assert.NotNull(paths["/medpayiq/price"]!["post"]!["requestBody"]);
        Assert.NotNull(paths["/medpayiq/price"]!["post"]!["responses"]!["400"]);
        Assert.True(openApi["components"]!["schemas"]!.AsObject().ContainsKey("ClaimRequest"));
    }

    [Fact]
    public async Task On_Kestrel_a_claim_is_priced_and_a_bad_one_is_a_400()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await ApiHost.StartAsync(kestrel: true);
        var http = host.Http;
        using var ok = await http.PostAsJsonAsync("/medpayiq/price", new ClaimRequest("90210", null, null, [new ClaimLineRequest("2025-11-03", "99213")]), ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(98.19m, JsonNode.Parse(await ok.Content.ReadAsStringAsync(ct))!["allowed"]!.GetValue<decimal>());

        using var bad = await http.PostAsJsonAsync("/medpayiq/price", new ClaimRequest(null, null, null, [new ClaimLineRequest("2025-11-03", "99213", Units: int.MaxValue)]), ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);

        using var huge = new StringContent(new string(' ', 300 * 1024) + "{}", Encoding.UTF8, "application/json");
        using var tooBig = await http.PostAsync("/medpayiq/price", huge, ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
    }
}
