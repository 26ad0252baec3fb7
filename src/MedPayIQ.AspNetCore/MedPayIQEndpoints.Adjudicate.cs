using System.Globalization;
using System.Text;
using MedPayIQ.Hosting;
using MedPayIQ.Pricing;
using MedPayIQ.X12;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace MedPayIQ.AspNetCore;

/// <summary><c>POST adjudicate</c>: an 837P or a JSON claim in, the expected 835 or JSON out.</summary>
public static partial class MedPayIQEndpointRouteBuilderExtensions
{
    private const string X12MediaType = "application/edi-x12";
    private const string TextMediaType = "text/plain";
    private const string JsonMediaType = "application/json";

    /// <summary>The largest charge a line may give (CLM02 and SV102 hold amounts of up to 18 characters; no professional line comes near).</summary>
    private const decimal MaxCharge = 9_999_999.99m;

    /// <summary>
    /// Reads an 837P (every claim of it, all or nothing: a transaction set not read is a 400 naming its segment and
    /// element with the reader's message) or a JSON claim, validated with the same limits as price and check; each
    /// claim adjudicated by <see cref="ExpectedAdjudicator"/> with the snapshot's calculator for its dates of service
    /// and its NCCI tables; the answer an 835 (<see cref="RemittanceWriter"/>) or JSON, as the Accept header asks
    /// (by default the kind that came in).
    /// </summary>
    private static async Task<IResult> AdjudicateAsync(HttpContext context, MedPayIQService medpayiq, IOptions<MedPayIQApiOptions> options, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        bool x12In;
        var contentType = context.Request.ContentType is { } ct && MediaTypeHeaderValue.TryParse(ct, out var parsed) ? parsed.MediaType.Value : null;
        if (contentType is null || contentType.Equals(JsonMediaType, StringComparison.OrdinalIgnoreCase) || contentType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            x12In = false;
        }
        else if (contentType.Equals(X12MediaType, StringComparison.OrdinalIgnoreCase) || contentType.Equals(TextMediaType, StringComparison.OrdinalIgnoreCase))
        {
            x12In = true;
        }
        else
        {
            return TypedResults.Problem(detail: $"A claim is an 837P ({X12MediaType} or {TextMediaType}) or JSON ({JsonMediaType}); '{contentType}' given.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "The claim's media type is not supported.");
        }

        if (!TryNegotiate(context.Request, x12In, out string? answer))
        {
            return TypedResults.Problem(detail: $"adjudicate answers {JsonMediaType}, {X12MediaType} (an 835) or {TextMediaType} (an 835); Accept asks for none of them.",
                statusCode: StatusCodes.Status406NotAcceptable, title: "No acceptable answer.");
        }

        var (body, tooLarge) = await ReadBodyAsync(context, limits, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return tooLarge!;
        }

        var snapshot = medpayiq.Current;
        List<(string Id, Claim Claim, ProfessionalClaim? Source)> claims;
        if (x12In)
        {
            var (read, problem) = ReadProfessionalClaims(body, limits);
            if (read is null)
            {
                return problem!;
            }

            claims = [.. read.Select(c => (c.ClaimId, c.Claim, (ProfessionalClaim?)c))];
        }
        else
        {
            var (request, problem) = DeserializeClaim(body);
            if (request is null)
            {
                return problem!;
            }

            var (claim, invalid) = ValidateClaim(request, snapshot, limits);
            string id = request.ClaimId ?? "1";
            if (claim is not null && (id.Length is 0 or > 38 || id.Any(char.IsControl)))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["claimId"] = [$"A claim id is 1 to 38 characters (835 CLP01); '{id}' given."] }, title: "The claim is not valid.");
            }

            if (claim is null)
            {
                return invalid!;
            }

            // An expected remittance is what Medicare pays: sequestration off the payment, as the 837P reader's claims.
            claims = [(id, claim with { ApplySequestration = true }, null)];
        }

        var adjudicated = new List<ExpectedClaim>(claims.Count);
        foreach (var (id, claim, source) in claims)
        {
            var adjudicator = new ExpectedAdjudicator(await snapshot.GetCalculatorAsync(claim, cancellationToken).ConfigureAwait(false), snapshot.NcciChecker);
            var expected = source is null ? adjudicator.Adjudicate(id, claim) : adjudicator.Adjudicate(source);
            int priced = expected.Lines.Count(l => l.Denial is null && l.Price is { Outcome: PriceOutcome.Priced });
            snapshot.Count(priced, expected.Lines.Length - priced, expected.Edits);
            adjudicated.Add(expected);
        }

        if (answer == JsonMediaType)
        {
            return TypedResults.Ok(new AdjudicationResponse(snapshot.Generation, [.. adjudicated.Select(Response)]));
        }

        return TypedResults.Text(Remittance(adjudicated, context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System), answer, Encoding.UTF8);
    }

    /// <summary>In the OpenAPI document, the X12 bodies are text (an 837P in, an 835 out), not the JSON contracts.</summary>
    private static Task DescribeX12(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        static void Text(IDictionary<string, OpenApiMediaType>? content, string description)
        {
            foreach (var type in (string[])[X12MediaType, TextMediaType])
            {
                if (content is not null && content.TryGetValue(type, out var media))
                {
                    media.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = description };
                }
            }
        }

        Text(operation.RequestBody?.Content, "An ASC X12 837P interchange (005010X222A1).");
        if (operation.Responses is { } responses && responses.TryGetValue("200", out var ok))
        {
            Text(ok.Content, "The expected ASC X12 835 remittance advice (005010X221A1).");
        }

        return Task.CompletedTask;
    }

    /// <summary>The media type of the answer: the first the Accept header takes (by quality) of JSON, X12 and text; none or <c>*/*</c>: the kind that came in.</summary>
    private static bool TryNegotiate(HttpRequest request, bool x12In, out string? answer)
    {
        string natural = x12In ? X12MediaType : JsonMediaType;
        var accept = request.GetTypedHeaders().Accept;
        if (accept is null || accept.Count == 0)
        {
            answer = natural;
            return true;
        }

        foreach (var range in accept.OrderByDescending(a => a.Quality ?? 1d))
        {
            if (range.Quality is 0d)
            {
                continue;
            }

            string type = range.MediaType.Value ?? "";
            if (type is "*/*")
            {
                answer = natural;
                return true;
            }

            foreach (string offered in (string[])[JsonMediaType, X12MediaType, TextMediaType])
            {
                if (type.Equals(offered, StringComparison.OrdinalIgnoreCase)
                    || (type.EndsWith("/*", StringComparison.Ordinal) && offered.StartsWith(type[..^1], StringComparison.OrdinalIgnoreCase)))
                {
                    answer = offered;
                    return true;
                }
            }
        }

        answer = null;
        return false;
    }

    /// <summary>The claims of an 837P, all read and within the limits, or a 400 naming each segment and element at fault with the reader's message.</summary>
    private static (List<ProfessionalClaim>? Claims, IResult? Problem) ReadProfessionalClaims(byte[] body, MedPayIQApiOptions limits)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors[field] = errors.TryGetValue(field, out var m) ? [.. m, message] : [message];
        using var text = new StreamReader(new MemoryStream(body, writable: false), Encoding.UTF8);
        var reader = new ProfessionalClaimReader(text, "request");
        List<ProfessionalClaim> claims;
        try
        {
            claims = [.. reader.ReadClaims()];
        }
        catch (X12FormatException ex)
        {
            return (null, X12Problem([ex.Error]));
        }

        if (reader.Errors.Count > 0)
        {
            return (null, X12Problem(reader.Errors));
        }

        if (claims.Count == 0)
        {
            return (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = ["The 837P holds no claim (CLM)."] }, title: "The 837P is not valid."));
        }

        foreach (var claim in claims)
        {
            string at = $"claims[{claim.ClaimId}]";
            if (claim.ServiceLines.Length > limits.MaxLinesPerClaim)
            {
                Error(at + ".LX", string.Create(CultureInfo.InvariantCulture, $"Claim {claim.ClaimId} has {claim.ServiceLines.Length} service lines; a claim has at most {limits.MaxLinesPerClaim} (an 837P claim holds at most 50)."));
            }

            foreach (var line in claim.ServiceLines)
            {
                if (line.Line.Units > limits.MaxUnitsPerLine)
                {
                    Error(string.Create(CultureInfo.InvariantCulture, $"{at}.LX{line.Number}.SV104"), string.Create(CultureInfo.InvariantCulture, $"Units are from 1 to {limits.MaxUnitsPerLine}; service line {line.Number} of claim {claim.ClaimId} gives {line.Line.Units}."));
                }
            }
        }

        return errors.Count > 0 ? (null, TypedResults.ValidationProblem(errors, title: "The 837P is not valid.")) : (claims, null);
    }

    /// <summary>A 400 whose errors are keyed by the segment (its number in the body) and element at fault, each with the reader's message.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ValidationProblem X12Problem(IEnumerable<X12Error> errors)
    {
        var byPlace = new Dictionary<string, string[]>();
        foreach (var error in errors)
        {
            string key = string.Create(CultureInfo.InvariantCulture, $"segment {error.FileSegment} {(error.Element.Length > 0 ? error.Element : error.SegmentId)}");
            byPlace[key] = byPlace.TryGetValue(key, out var m) ? [.. m, error.ToString()] : [error.ToString()];
        }

        return TypedResults.ValidationProblem(byPlace, title: "The 837P is not valid.");
    }

    /// <summary>The 835: one transaction per payee (an 837P's billing provider and transaction; a JSON claim's payee is unnamed).</summary>
    private static string Remittance(List<ExpectedClaim> claims, TimeProvider time)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var writer = new RemittanceWriter(text, new RemittanceOptions { Time = time });
        foreach (var payee in claims.GroupBy(c => c.Source is { } s ? $"{s.Envelope}|{s.BillingProvider.Id}|{s.BillingProvider.Name}" : ""))
        {
            writer.WriteTransaction(payee.First().Source?.BillingProvider ?? new X12Party { Name = "PAYEE" }, payee);
        }

        writer.Complete();
        return text.ToString();
    }

    private static AdjudicatedClaimResponse Response(ExpectedClaim claim) => new(claim.ClaimId, claim.Status.ToString(), claim.Charge, claim.Allowed, claim.Payment, claim.PatientResponsibility,
        [.. claim.Lines.Select(l => new AdjudicatedLineResponse(l.LineNumber, l.Line.Hcpcs.ToString(), l.Denial is not null ? "Denied" : l.Price?.Outcome.ToString() ?? "NotPriced",
            l.Price?.Release?.Id.ToString(), l.Charge, l.Allowed, l.Payment, l.PatientResponsibility,
            [.. l.Adjustments.Select(a => new AdjustmentResponse(a.Group, a.Reason, a.Amount, a.Remark))], l.Denial?.Reason ?? l.Price?.Reason ?? ""))]);
}
