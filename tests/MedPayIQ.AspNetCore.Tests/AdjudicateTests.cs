using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MedPayIQ.X12;
using System.Diagnostics.Metrics;
using MedPayIQ.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Xunit;

namespace MedPayIQ.AspNetCore.Tests;

/// <summary>
/// <c>POST /medpayiq/adjudicate</c> on the test host (and once on Kestrel): an 837P in, an 835 out that our own
/// RemittanceReader reads and finds balanced; a JSON claim in, JSON or an 835 out as Accept asks; a malformed 837P, a
/// claim past the limits, a media type it does not take: ProblemDetails naming the segment and element or the field.
/// </summary>
public sealed class AdjudicateTests() : ApiHostTests(o => o.MaxRequestBodyBytes = 16 * 1024)
{
    /// <summary>An 837P of one claim in Beverly Hills on 2025-11-03 (RVU25D): each line a code, its charge and units.</summary>
    internal static string Claim837(params (string Code, decimal Charge, int Units)[] lines)
    {
        var body = new List<string>
        {
            "ST*837*0001*005010X222A1", "BHT*0019*00*B0001*20261120*0915*CH", "NM1*41*2*NORTHWIND BILLING*****46*NWB001", "PER*IC*ANA LOPEZ*TE*5555550100",
            "NM1*40*2*MEDICARE MAC J1*****46*01182", "HL*1**20*1", "PRV*BI*PXC*207Q00000X", "NM1*85*2*HILLSIDE MEDICAL GROUP*****XX*1234567893",
            "N3*100 CANYON DR", "N4*BEVERLY HILLS*CA*902101234", "REF*EI*954443333", "HL*2*1*22*0", "SBR*P*18*******MB",
            "NM1*IL*1*RIVERA*JUNE****MI*1EG4TE5MK72", "N3*12 ELM ST", "N4*LOS ANGELES*CA*90012", "DMG*D8*19480312*F", "NM1*PR*2*MEDICARE PART B*****PI*01182",
            string.Create(CultureInfo.InvariantCulture, $"CLM*A-1001*{lines.Sum(l => l.Charge)}***11:B:1*Y*A*Y*Y"), "HI*ABK:I10",
        };
        for (int i = 0; i < lines.Length; i++)
        {
            body.Add(string.Create(CultureInfo.InvariantCulture, $"LX*{i + 1}"));
            body.Add(string.Create(CultureInfo.InvariantCulture, $"SV1*HC:{lines[i].Code}*{lines[i].Charge}*UN*{lines[i].Units}***1"));
            body.Add("DTP*472*D8*20251103");
        }

        body.Add(string.Create(CultureInfo.InvariantCulture, $"SE*{body.Count + 1}*0001"));
        return "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*MACJ1RECV      *261120*0915*^*00501*000000101*0*T*:~\n"
            + "GS*HC*SUBMITTER01*MACJ1RECV*20261120*0915*1*X*005010X222A1~\n"
            + string.Join("~\n", body) + "~\nGE*1*1~\nIEA*1*000000101~\n";
    }

    private static async Task<(HttpStatusCode Status, string? MediaType, string Body)> PostAsync(HttpClient http, string body, string mediaType, string? accept = null)
    {
        using var content = new StringContent(body, Encoding.UTF8, mediaType);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/medpayiq/adjudicate") { Content = content };
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static Remittance ReadBalanced(string x835)
    {
        var reader = new RemittanceReader(new StringReader(x835), "answer.835");
        var remittances = reader.ReadRemittances().ToList();
        Assert.Empty(reader.Errors);
        var remittance = Assert.Single(remittances);
        Assert.Empty(remittance.Imbalances);
        return remittance;
    }

    [Fact]
    public async Task An_837P_is_answered_with_an_835_our_reader_reads_balanced_with_the_JSON_answer_s_amounts()
    {
        // 99213 and the add-on 11045 without its primary: the add-on line is denied (CO-107), the visit priced.
        string claim = Claim837(("99213", 150m, 1), ("11045", 200m, 2));
        var (status, mediaType, x835) = await PostAsync(Http, claim, "application/edi-x12");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/edi-x12", mediaType);
        var remittance = ReadBalanced(x835);
        var paid = Assert.Single(remittance.Claims);
        Assert.Equal("A-1001", paid.ClaimId);
        Assert.Equal(350m, paid.Charge);
        Assert.Equal("HILLSIDE MEDICAL GROUP", remittance.Payee.Name);
        Assert.Contains(paid.Lines[1].Adjustments, a => a is { Group: "CO", Reason: "107" } && a.Amount == 200m);

        var (jsonStatus, jsonType, json) = await PostAsync(Http, claim, "text/plain", "application/json");
        Assert.Equal(HttpStatusCode.OK, jsonStatus);
        Assert.Equal("application/json", jsonType);
        var answer = JsonNode.Parse(json)!["claims"]![0]!;
        Assert.Equal(paid.Payment, answer["payment"]!.GetValue<decimal>());
        Assert.Equal(paid.PatientResponsibility, answer["patientResponsibility"]!.GetValue<decimal>());
        Assert.Equal("Priced", answer["lines"]![0]!["outcome"]!.GetValue<string>());
        Assert.Equal("RVU25D", answer["lines"]![0]!["release"]!.GetValue<string>());
        Assert.Equal(98.19m, answer["lines"]![0]!["allowed"]!.GetValue<decimal>());
        Assert.Equal("Denied", answer["lines"]![1]!["outcome"]!.GetValue<string>());
        Assert.Equal(paid.Lines[0].Payment, answer["lines"]![0]!["payment"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task An_adjudication_counts_its_lines_and_the_edits_that_fired_in_the_service_s_counters()
    {
        var factory = Services.GetRequiredService<IMeterFactory>();
        using var lines = new MetricCollector<long>(factory, MedPayIQDiagnostics.Name, MedPayIQDiagnostics.LinesPriced);
        using var edits = new MetricCollector<long>(factory, MedPayIQDiagnostics.Name, MedPayIQDiagnostics.NcciEditsFired);
        // 99213 priced; the add-on 11045 without its primary denied by an NCCI add-on edit (CO-107).
        var (status, _, _) = await PostAsync(Http, Claim837(("99213", 150m, 1), ("11045", 200m, 2)), "application/edi-x12");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, lines.GetMeasurementSnapshot().Where(m => m.Tags["medpayiq.priced"] is true).Sum(m => m.Value));
        Assert.Equal(1, lines.GetMeasurementSnapshot().Where(m => m.Tags["medpayiq.priced"] is false).Sum(m => m.Value));
        Assert.Equal(1, edits.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal("AddOnWithoutPrimary", Assert.Single(edits.GetMeasurementSnapshot()).Tags["medpayiq.ncci.finding"]);
    }

    [Fact]
    public async Task A_JSON_claim_is_answered_in_JSON_or_as_an_835_as_Accept_asks()
    {
        const string claim = """{ "claimId": "J-7", "zip": "90210", "lines": [ { "dateOfService": "2025-11-03", "hcpcs": "99213", "charge": 150 } ] }""";
        var (status, mediaType, json) = await PostAsync(Http, claim, "application/json");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", mediaType);
        var answer = JsonNode.Parse(json)!;
        Assert.Equal(1, answer["snapshot"]!.GetValue<long>());
        var paid = answer["claims"]![0]!;
        Assert.Equal("J-7", paid["claimId"]!.GetValue<string>());
        Assert.Equal("Processed", paid["status"]!.GetValue<string>());
        Assert.Equal(150m, paid["charge"]!.GetValue<decimal>());
        Assert.Equal(98.19m, paid["allowed"]!.GetValue<decimal>());
        // Sequestration taken off as Medicare does: the 2 % of 80 % of 98.19.
        Assert.Equal(76.98m, paid["payment"]!.GetValue<decimal>());
        Assert.Contains(paid["lines"]![0]!["adjustments"]!.AsArray(), a => a!["group"]!.GetValue<string>() == "CO" && a["reason"]!.GetValue<string>() == "45");

        var (x12Status, x12Type, x835) = await PostAsync(Http, claim, "application/json", "text/plain");
        Assert.Equal(HttpStatusCode.OK, x12Status);
        Assert.Equal("text/plain", x12Type);
        var remittance = ReadBalanced(x835);
        Assert.Equal(76.98m, remittance.TotalPayment);
        Assert.Equal("J-7", Assert.Single(remittance.Claims).ClaimId);
    }

    public static TheoryData<string, string, string> Bad837() => new()
    {
        // A charge that is not an amount: the reader's message, keyed by the segment's number in the body and the element.
        { Claim837(("99213", 150m, 1)).Replace("SV1*HC:99213*150*", "SV1*HC:99213*1x0*", StringComparison.Ordinal), "segment 24 SV102", "found '1x0'" },
        // A code that is not one.
        { Claim837(("99213", 150m, 1)).Replace("HC:99213", "HC:9921", StringComparison.Ordinal), "segment 24 SV101-2", "found '9921'" },
        // SE's count off by one.
        { Claim837(("99213", 150m, 1)).Replace("SE*24*", "SE*23*", StringComparison.Ordinal), "segment 26 SE01", "found '23'" },
        // Not X12 at all.
        { "CLM*A-1*100~", "segment 1 ISA", "ISA" },
    };

    [Theory]
    [MemberData(nameof(Bad837))]
    public async Task A_malformed_837P_is_a_400_naming_the_segment_and_element_with_the_reader_s_message(string claim, string key, string message)
    {
        var (status, mediaType, body) = await PostAsync(Http, claim, "application/edi-x12");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", mediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal("The 837P is not valid.", problem["title"]!.GetValue<string>());
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(key), $"errors name {string.Join(", ", errors.Select(e => e.Key))}, not {key}");
        Assert.Contains(message, errors[key]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_837P_past_the_limits_is_refused_before_anything_is_priced()
    {
        // 51 service lines: an 837P claim holds at most 50.
        var (lines, _, linesBody) = await PostAsync(Http, Claim837([.. Enumerable.Repeat(("99213", 10m, 1), 51)]), "application/edi-x12");
        Assert.Equal(HttpStatusCode.BadRequest, lines);
        Assert.Equal("Claim A-1001 has 51 service lines; a claim has at most 50 (an 837P claim holds at most 50).", JsonNode.Parse(linesBody)!["errors"]!["claims[A-1001].LX"]![0]!.GetValue<string>());

        // 50 are taken.
        var (fifty, _, _) = await PostAsync(Http, Claim837([.. Enumerable.Repeat(("99213", 10m, 1), 50)]), "application/edi-x12");
        Assert.Equal(HttpStatusCode.OK, fifty);

        // Units past MaxUnitsPerLine (SV104).
        var (units, _, unitsBody) = await PostAsync(Http, Claim837(("99213", 10m, 1), ("97110", 10m, 1000)), "application/edi-x12");
        Assert.Equal(HttpStatusCode.BadRequest, units);
        Assert.Equal("Units are from 1 to 999; service line 2 of claim A-1001 gives 1000.", JsonNode.Parse(unitsBody)!["errors"]!["claims[A-1001].LX2.SV104"]![0]!.GetValue<string>());

        // A body past MaxRequestBodyBytes (16 KiB here), with a length and chunked.
        string big = Claim837([.. Enumerable.Repeat(("99213", 10m, 1), 50)]) + new string('\n', 16 * 1024);
        var (tooLarge, _, tooLargeBody) = await PostAsync(Http, big, "application/edi-x12");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge);
        Assert.Equal("The body is larger than 16,384 bytes (MedPayIQApiOptions.MaxRequestBodyBytes).", JsonNode.Parse(tooLargeBody)!["detail"]!.GetValue<string>());
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new("application/edi-x12");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/medpayiq/adjudicate") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var response = await Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);

        // A JSON claim of 51 lines, and a JSON line's charge below zero.
        var line = """{ "dateOfService": "2025-11-03", "hcpcs": "99213" }""";
        var (jsonLines, _, jsonLinesBody) = await PostAsync(Http, $$"""{ "lines": [ {{string.Join(", ", Enumerable.Repeat(line, 51))}} ] }""", "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, jsonLines);
        Assert.Equal("A claim has at most 50 lines (an 837P claim holds at most 50 service lines); this one has 51.", JsonNode.Parse(jsonLinesBody)!["errors"]!["lines"]![0]!.GetValue<string>());
        var (charge, _, chargeBody) = await PostAsync(Http, """{ "lines": [ { "dateOfService": "2025-11-03", "hcpcs": "99213", "charge": -1 } ] }""", "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, charge);
        Assert.Equal("A charge is from 0 to 9999999.99 dollars; -1 given.", JsonNode.Parse(chargeBody)!["errors"]!["lines[0].charge"]![0]!.GetValue<string>());
        var (id, _, idBody) = await PostAsync(Http, $$"""{ "claimId": "{{new string('X', 39)}}", "lines": [ {{line}} ] }""", "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, id);
        Assert.StartsWith("A claim id is 1 to 38 characters (835 CLP01)", JsonNode.Parse(idBody)!["errors"]!["claimId"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_media_type_it_does_not_take_or_give_is_a_415_or_a_406()
    {
        var (unsupported, _, _) = await PostAsync(Http, "<claim/>", "application/xml");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported);
        var (notAcceptable, _, _) = await PostAsync(Http, Claim837(("99213", 150m, 1)), "application/edi-x12", "application/xml");
        Assert.Equal(HttpStatusCode.NotAcceptable, notAcceptable);
        // */* and a weighted list: the best the endpoint gives.
        var (any, anyType, _) = await PostAsync(Http, Claim837(("99213", 150m, 1)), "application/edi-x12", "*/*");
        Assert.Equal((HttpStatusCode.OK, "application/edi-x12"), (any, anyType));
        var (weighted, weightedType, _) = await PostAsync(Http, Claim837(("99213", 150m, 1)), "application/edi-x12", "application/edi-x12;q=0.5, application/json");
        Assert.Equal((HttpStatusCode.OK, "application/json"), (weighted, weightedType));
    }

    [Fact]
    public async Task On_Kestrel_an_837P_is_answered_with_a_balanced_835()
    {
        await using var host = await ApiHost.StartAsync(kestrel: true, o => o.MaxRequestBodyBytes = 16 * 1024);
        var http = host.Http;
        var (status, mediaType, x835) = await PostAsync(http, Claim837(("99213", 150m, 1), ("93000", 40m, 1)), "application/edi-x12");
        Assert.Equal((HttpStatusCode.OK, "application/edi-x12"), (status, mediaType));
        Assert.Equal(2, Assert.Single(ReadBalanced(x835).Claims).Lines.Length);
        var (bad, _, _) = await PostAsync(http, "ISA*00*~", "text/plain");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
    }
}
