using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MedPayIQ.Hosting;
using MedPayIQ.Ncci;
using MedPayIQ.Pricing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace MedPayIQ.AspNetCore;

/// <summary>Registers the MedPayIQ HTTP API's services: the service (<c>AddMedPayIQ</c>), its health check, ProblemDetails, the JSON contracts and the OpenAPI document.</summary>
public static class MedPayIQApiServiceCollectionExtensions
{
    /// <summary>
    /// Adds what <see cref="MedPayIQEndpointRouteBuilderExtensions.MapMedPayIQ"/> needs: MedPayIQ (<c>services.AddMedPayIQ()</c>,
    /// the <c>MedPayIQ</c> configuration section) unless added already, the <c>medpayiq</c> health check, ProblemDetails,
    /// the API's source-generated JSON contracts, and the OpenAPI document <see cref="MedPayIQApiOptions.OpenApiDocumentName"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Limits (body size, lines per claim, units per line).</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddMedPayIQApi(this IServiceCollection services, Action<MedPayIQApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(d => d.ServiceType == typeof(MedPayIQService)))
        {
            services.AddMedPayIQ();
        }

        services.AddOptions<MedPayIQApiOptions>().Configure(o => configure?.Invoke(o));
        services.AddHealthChecks().AddMedPayIQ();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, MedPayIQApiJsonContext.Default));
        services.AddOpenApi(MedPayIQApiOptions.OpenApiDocumentName);
        return services;
    }
}

/// <summary>Maps the MedPayIQ HTTP API.</summary>
public static partial class MedPayIQEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps, under <paramref name="prefix"/>: <c>POST price</c> (a claim: its price on one snapshot), <c>POST check</c>
    /// (its NCCI edits), <c>POST adjudicate</c> (an 837P or a JSON claim: its expected 835 or JSON), <c>GET releases</c> (the releases offered) and <c>GET health</c> (the <c>medpayiq</c> health
    /// check). Bad input is answered 400 with a ValidationProblemDetails naming each field at fault (<c>lines[2].hcpcs</c>)
    /// and the library's message; a body past <see cref="MedPayIQApiOptions.MaxRequestBodyBytes"/> 413. Needs
    /// <see cref="MedPayIQApiServiceCollectionExtensions.AddMedPayIQApi"/>.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="prefix">The route prefix (default <c>/medpayiq</c>).</param>
    /// <returns>The group, to add authorization, rate limiting and the like.</returns>
    public static RouteGroupBuilder MapMedPayIQ(this IEndpointRouteBuilder endpoints, string prefix = "/medpayiq")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix).WithTags("MedPayIQ").WithGroupName(MedPayIQApiOptions.OpenApiDocumentName);
        group.MapPost("/price", PriceAsync).WithName("MedPayIQPrice")
            .WithSummary("Prices a claim on the current snapshot (every line with the release in force on its date of service).")
            .Accepts<ClaimRequest>("application/json").Produces<ClaimPriceResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapPost("/check", CheckAsync).WithName("MedPayIQCheck")
            .WithSummary("Checks a claim against the current snapshot's NCCI tables (PTP, MUE, add-on code edits).")
            .Accepts<ClaimRequest>("application/json").Produces<NcciCheckResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapPost("/adjudicate", AdjudicateAsync).WithName("MedPayIQAdjudicate")
            .WithSummary("The expected adjudication of claims on the current snapshot: an 837P (application/edi-x12 or text/plain) or a JSON claim in; the NCCI edits in force deny lines, the others are priced; an 835 (Accept: application/edi-x12 or text/plain) or JSON out.")
            .Accepts<ClaimRequest>("application/json", "application/edi-x12", "text/plain")
            .Produces<AdjudicationResponse>(StatusCodes.Status200OK, "application/json", "application/edi-x12", "text/plain")
            .AddOpenApiOperationTransformer(DescribeX12)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status406NotAcceptable).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/releases", Releases).WithName("MedPayIQReleases").WithSummary("The fee schedule releases the current snapshot offers.");
        group.MapHealthChecks("/health", new HealthCheckOptions { Predicate = r => r.Tags.Contains("medpayiq") });
        return group;
    }

    private static async Task<IResult> PriceAsync(HttpContext context, MedPayIQService medpayiq, IOptions<MedPayIQApiOptions> options, CancellationToken cancellationToken)
    {
        var (claim, problem) = await ReadClaimAsync(context, medpayiq, options.Value, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            return problem!;
        }

        var snapshot = claim.Value.Snapshot;
        var price = await snapshot.PriceClaimAsync(claim.Value.Claim, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new ClaimPriceResponse(snapshot.Generation, price.AllowedAmount, price.Deductible, price.Coinsurance, price.MedicarePayment,
            [.. price.Lines.Select(l => new LinePriceResponse(l.LineNumber, l.Line.Hcpcs.ToString(), l.Outcome.ToString(), l.Release?.Id.ToString(), l.AllowedAmount, l.MedicarePayment, l.Confidence.ToString(), l.Reason))]));
    }

    private static async Task<IResult> CheckAsync(HttpContext context, MedPayIQService medpayiq, IOptions<MedPayIQApiOptions> options, CancellationToken cancellationToken)
    {
        var (claim, problem) = await ReadClaimAsync(context, medpayiq, options.Value, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            return problem!;
        }

        var check = claim.Value.Snapshot.CheckNcci(claim.Value.Claim);
        return TypedResults.Ok(new NcciCheckResponse(claim.Value.Snapshot.Generation,
            [.. check.Findings.Select(f => new NcciFindingResponse(f.Kind.ToString(), [.. f.Lines], f.DeniedLine, f.Edit, f.Source.ToString(), f.Reason, f.Fix))]));
    }

    private static Ok<ReleasesResponse> Releases(MedPayIQService medpayiq)
    {
        var snapshot = medpayiq.Current;
        return TypedResults.Ok(new ReleasesResponse(snapshot.Generation,
            [.. snapshot.Releases.Select(r => new ReleaseResponse(r.Id.ToString(), r.EffectiveFrom, r.Kind.ToString(), r.Location, medpayiq.GetLoadedRelease(r) is not null, medpayiq.GetLoadedRelease(r)?.RvuFileSha256))]));
    }

    /// <summary>Reads and validates a claim: every field at fault named, with the library's message; nothing priced unless all are valid.</summary>
    private static async Task<((MedPayIQSnapshot Snapshot, Claim Claim)? Claim, IResult? Problem)> ReadClaimAsync(HttpContext context, MedPayIQService medpayiq, MedPayIQApiOptions limits, CancellationToken cancellationToken)
    {
        var (body, tooLarge) = await ReadBodyAsync(context, limits, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return (null, tooLarge);
        }

        var (request, problem) = DeserializeClaim(body);
        if (request is null)
        {
            return (null, problem);
        }

        var snapshot = medpayiq.Current;
        var (claim, invalid) = ValidateClaim(request, snapshot, limits);
        return claim is null ? (null, invalid) : ((snapshot, claim), null);
    }

    /// <summary>The body, read to <see cref="MedPayIQApiOptions.MaxRequestBodyBytes"/> (a chunked body has no length to check first); past it a 413.</summary>
    private static async Task<(byte[]? Body, IResult? Problem)> ReadBodyAsync(HttpContext context, MedPayIQApiOptions limits, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength > limits.MaxRequestBodyBytes)
        {
            return (null, TooLarge(limits));
        }

        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limits.MaxRequestBodyBytes;
        }

        try
        {
            if (context.Request.ContentLength is { } length)
            {
                // The usual request: its length is known (and within the limit): read into an array of that size.
                var exact = new byte[length];
                int filled = 0, read;
                while (filled < exact.Length && (read = await context.Request.Body.ReadAsync(exact.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    filled += read;
                }

                return (filled == exact.Length ? exact : exact[..filled], null);
            }

            // A chunked body has no length to check first: read it in pooled blocks up to the limit.
            using var body = new MemoryStream();
            var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                int read;
                while ((read = await context.Request.Body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (body.Length + read > limits.MaxRequestBodyBytes)
                    {
                        return (null, TooLarge(limits));
                    }

                    body.Write(buffer, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return (body.ToArray(), null);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(limits));
        }
    }

    /// <summary>A claim in JSON, or a 400 naming where the JSON is wrong.</summary>
    private static (ClaimRequest? Request, IResult? Problem) DeserializeClaim(byte[] body)
    {
        ClaimRequest? request;
        try
        {
            request = body.Length == 0 ? null : JsonSerializer.Deserialize(body, MedPayIQApiJsonContext.Default.ClaimRequest);
        }
        catch (JsonException ex)
        {
            return (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { [ex.Path ?? "$"] = [$"The body is not a claim in JSON: {ex.Message}"] }, title: "The claim is not valid JSON."));
        }

        return request is null
            ? (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = ["The body must be a claim: { \"lines\": [ { \"dateOfService\": \"2026-03-02\", \"hcpcs\": \"99213\" } ] }."] }))
            : (request, null);
    }

    /// <summary>The name of a line's field in a 400's errors, <c>lines[2].hcpcs</c> (written only for a line at fault).</summary>
    private static string At(int line, string field) => string.Create(CultureInfo.InvariantCulture, $"lines[{line}]{field}");

    /// <summary>A claim request made a claim with the snapshot's defaults, or a 400 naming every field at fault with the library's message.</summary>
    private static (Claim? Claim, IResult? Problem) ValidateClaim(ClaimRequest request, MedPayIQSnapshot snapshot, MedPayIQApiOptions limits)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors[field] = errors.TryGetValue(field, out var m) ? [.. m, message] : [message];
        var location = PricingLocation.National;
        if (request.Zip is { } zip && request.Locality is not null)
        {
            Error("locality", "Give a ZIP code or a carrier/locality, not both.");
        }
        else if (request.Zip is { } z)
        {
            try
            {
                location = PricingLocation.OfZip(z);
            }
            catch (FormatException ex)
            {
                Error("zip", ex.Message);
            }
        }
        else if (request.Locality is { } l)
        {
            if (LocalityKey.TryParse(l, out var key) && key.IsSome)
            {
                location = PricingLocation.Of(key);
            }
            else
            {
                Error("locality", Message(() => LocalityKey.Parse(l), "A carrier/locality is five digits, a slash and two digits, such as 01182/18."));
            }
        }

        if (request.BeneficiaryZip is { } beneficiaryZip)
        {
            try
            {
                _ = PricingLocation.OfZip(beneficiaryZip);
            }
            catch (FormatException ex)
            {
                Error("beneficiaryZip", ex.Message);
            }
        }

        PlaceOfService? claimPlace = null;
        if (request.PlaceOfService is { } pos)
        {
            if (PlaceOfService.TryParse(pos, out var p))
            {
                claimPlace = p;
            }
            else
            {
                Error("placeOfService", Message(() => PlaceOfService.Parse(pos), "A place of service is a two-digit CMS code, such as 11."));
            }
        }

        var lines = request.Lines ?? [];
        if (lines.Count == 0)
        {
            Error("lines", "A claim has at least one line.");
        }
        else if (lines.Count > limits.MaxLinesPerClaim)
        {
            Error("lines", string.Create(CultureInfo.InvariantCulture, $"A claim has at most {limits.MaxLinesPerClaim} lines (an 837P claim holds at most 50 service lines); this one has {lines.Count}."));
        }

        var claimLines = new List<ClaimLine>(Math.Min(lines.Count, limits.MaxLinesPerClaim));
        for (int i = 0; i < lines.Count && i < limits.MaxLinesPerClaim; i++)
        {
            var line = lines[i];
            if (line is null)
            {
                Error(At(i, ""), "A line is an object with a dateOfService and an hcpcs code.");
                continue;
            }

            DateOnly date = default;
            if (line.DateOfService is null || !DateOnly.TryParseExact(line.DateOfService, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                Error(At(i, ".dateOfService"), $"'{line.DateOfService}' is not a date of service as yyyy-MM-dd.");
            }

            HcpcsCode code = default;
            if (line.Hcpcs is null || !HcpcsCode.TryParse(line.Hcpcs, out code))
            {
                Error(At(i, ".hcpcs"), line.Hcpcs is null ? "The HCPCS code is required." : Message(() => HcpcsCode.Parse(line.Hcpcs), "Not a HCPCS code."));
            }

            ModifierSet modifiers = default;
            if (line.Modifiers is { Length: > 0 } mods && !ModifierSet.TryParse(mods, out modifiers))
            {
                Error(At(i, ".modifiers"), Message(() => ModifierSet.Parse(mods), "Not a list of modifiers."));
            }

            int units = line.Units ?? 1;
            if (units < 1 || units > limits.MaxUnitsPerLine)
            {
                Error(At(i, ".units"), string.Create(CultureInfo.InvariantCulture, $"Units are from 1 to {limits.MaxUnitsPerLine}; {units} given."));
            }

            PlaceOfService? place = claimPlace;
            if (line.PlaceOfService is { } lpos)
            {
                if (PlaceOfService.TryParse(lpos, out var p))
                {
                    place = p;
                }
                else
                {
                    Error(At(i, ".placeOfService"), Message(() => PlaceOfService.Parse(lpos), "A place of service is a two-digit CMS code, such as 11."));
                }
            }

            if (line.Charge is < 0m or > MaxCharge)
            {
                Error(At(i, ".charge"), string.Create(CultureInfo.InvariantCulture, $"A charge is from 0 to {MaxCharge:0.00} dollars; {line.Charge} given."));
            }

            claimLines.Add(new ClaimLine(date, code, modifiers) { Units = Math.Clamp(units, 1, limits.MaxUnitsPerLine), PlaceOfService = place, BilledCharge = line.Charge });
        }

        if (errors.Count > 0)
        {
            return (null, TypedResults.ValidationProblem(errors, title: "The claim is not valid."));
        }

        var claim = snapshot.CreateClaim(claimLines);
        if (request.Zip is not null || request.Locality is not null)
        {
            claim = claim with { Location = location };
        }

        if (claimPlace is { } cp)
        {
            claim = claim with { PlaceOfService = cp };
        }

        if (request.BeneficiaryZip is not null)
        {
            claim = claim with { BeneficiaryZip = request.BeneficiaryZip };
        }

        return (claim, null);
    }

    /// <summary>The library's own message for a value its Parse refuses.</summary>
    private static string Message(Action parse, string fallback)
    {
        try
        {
            parse();
            return fallback;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return ex.Message;
        }
    }

    private static ProblemHttpResult TooLarge(MedPayIQApiOptions limits) => TypedResults.Problem(
        detail: string.Create(CultureInfo.InvariantCulture, $"The body is larger than {limits.MaxRequestBodyBytes:N0} bytes (MedPayIQApiOptions.MaxRequestBodyBytes)."),
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "The claim is too large.");
}
