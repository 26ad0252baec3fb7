using System.Text.Json;
using System.Text.Json.Serialization;

namespace MedPayIQ.AspNetCore;

/// <summary>A claim to price or check: where (a ZIP code or a carrier/locality; national when neither), and its lines.</summary>
/// <param name="Zip">A ZIP code (five digits or ZIP+4): the locality from CMS's ZIP5 file.</param>
/// <param name="Locality">A carrier/locality such as <c>01182/18</c> (instead of <paramref name="Zip"/>).</param>
/// <param name="PlaceOfService">The claim's place of service (two digits, such as <c>11</c>), unless a line gives its own.</param>
/// <param name="Lines">The service lines (at most <see cref="MedPayIQApiOptions.MaxLinesPerClaim"/>).</param>
public sealed record ClaimRequest(string? Zip, string? Locality, string? PlaceOfService, IReadOnlyList<ClaimLineRequest>? Lines)
{
    /// <summary>The claim's identifier, which <c>adjudicate</c> writes in the 835's CLP01 (default <c>1</c>; price and check ignore it).</summary>
    public string? ClaimId { get; init; }

    /// <summary>
    /// The beneficiary's ZIP code (five digits or ZIP+4): DMEPOS items are priced by its state and whether it is rural or
    /// in a former competitive bidding area; when absent, <see cref="Zip"/> stands for it.
    /// </summary>
    public string? BeneficiaryZip { get; init; }
}

/// <summary>One service line.</summary>
/// <param name="DateOfService">The date of service, <c>yyyy-MM-dd</c>.</param>
/// <param name="Hcpcs">The HCPCS or CPT code.</param>
/// <param name="Modifiers">Up to four modifiers, separated by commas or spaces (<c>26</c>, <c>50,LT</c>).</param>
/// <param name="Units">Units of service, 1 unless given (at most <see cref="MedPayIQApiOptions.MaxUnitsPerLine"/>).</param>
/// <param name="PlaceOfService">The line's place of service.</param>
public sealed record ClaimLineRequest(string? DateOfService, string? Hcpcs, string? Modifiers = null, int? Units = null, string? PlaceOfService = null)
{
    /// <summary>The provider's charge, dollars (0 to 9,999,999.99): Medicare allows the lower of the charge and the fee; <c>adjudicate</c>'s remittance starts from it.</summary>
    public decimal? Charge { get; init; }
}

/// <summary>A claim's price.</summary>
/// <param name="Snapshot">The service snapshot that priced it (one for the whole claim).</param>
/// <param name="Allowed">The allowed amount.</param>
/// <param name="Deductible">The deductible applied.</param>
/// <param name="Coinsurance">The coinsurance.</param>
/// <param name="MedicarePayment">What Medicare pays.</param>
/// <param name="Lines">Each line's price.</param>
public sealed record ClaimPriceResponse(long Snapshot, decimal Allowed, decimal Deductible, decimal Coinsurance, decimal MedicarePayment, IReadOnlyList<LinePriceResponse> Lines);

/// <summary>One line's price.</summary>
/// <param name="Line">The line number, from 1.</param>
/// <param name="Hcpcs">The code.</param>
/// <param name="Outcome">Priced, or why not (UnknownCode, NoRelease, ...).</param>
/// <param name="Release">The release that priced it.</param>
/// <param name="Allowed">The allowed amount.</param>
/// <param name="MedicarePayment">What Medicare pays.</param>
/// <param name="Confidence">High, Medium or Low.</param>
/// <param name="Reason">How the amount was reached, or why the line is not priced.</param>
public sealed record LinePriceResponse(int Line, string Hcpcs, string Outcome, string? Release, decimal Allowed, decimal MedicarePayment, string Confidence, string Reason);

/// <summary>A claim's NCCI check.</summary>
/// <param name="Snapshot">The service snapshot that checked it.</param>
/// <param name="Findings">The edits that fired.</param>
public sealed record NcciCheckResponse(long Snapshot, IReadOnlyList<NcciFindingResponse> Findings);

/// <summary>One NCCI edit that fired.</summary>
/// <param name="Kind">The finding (PtpColumn2Denied, MueExceeded, ...).</param>
/// <param name="Lines">The lines involved.</param>
/// <param name="DeniedLine">The line denied, if one is.</param>
/// <param name="Edit">The edit.</param>
/// <param name="Table">The CMS table (file, version) the edit is from.</param>
/// <param name="Reason">Why it fired.</param>
/// <param name="Fix">What would fix it.</param>
public sealed record NcciFindingResponse(string Kind, IReadOnlyList<int> Lines, int? DeniedLine, string Edit, string Table, string Reason, string Fix);

/// <summary>A release the service offers.</summary>
/// <param name="Id">The release id (RVU26A...).</param>
/// <param name="EffectiveFrom">Its first date of service.</param>
/// <param name="Kind">Packaged, Folder or Zip.</param>
/// <param name="Location">Where it is loaded from.</param>
/// <param name="Loaded">Whether it is loaded now.</param>
/// <param name="RvuFileSha256">The SHA-256 of its RVU file, when loaded.</param>
public sealed record ReleaseResponse(string Id, DateOnly EffectiveFrom, string Kind, string Location, bool Loaded, string? RvuFileSha256);

/// <summary>The releases a snapshot offers.</summary>
/// <param name="Snapshot">The snapshot.</param>
/// <param name="Releases">Its releases, by effective date.</param>
public sealed record ReleasesResponse(long Snapshot, IReadOnlyList<ReleaseResponse> Releases);

/// <summary>The expected adjudication of the claims of a request (<c>POST adjudicate</c>), as the 835 would carry it.</summary>
/// <param name="Snapshot">The service snapshot that adjudicated them (one for the whole request).</param>
/// <param name="Claims">Each claim, in the order of the request.</param>
public sealed record AdjudicationResponse(long Snapshot, IReadOnlyList<AdjudicatedClaimResponse> Claims);

/// <summary>One claim's expected adjudication (835 CLP).</summary>
/// <param name="ClaimId">The claim's identifier (CLM01, or the JSON claim's <c>claimId</c>).</param>
/// <param name="Status">Processed, or Denied when no line is priced.</param>
/// <param name="Charge">The sum of the lines' charges.</param>
/// <param name="Allowed">The sum of the lines' allowed amounts.</param>
/// <param name="Payment">What Medicare pays.</param>
/// <param name="PatientResponsibility">Deductible and coinsurance.</param>
/// <param name="Lines">Each line, in claim order.</param>
public sealed record AdjudicatedClaimResponse(string ClaimId, string Status, decimal Charge, decimal Allowed, decimal Payment, decimal PatientResponsibility, IReadOnlyList<AdjudicatedLineResponse> Lines);

/// <summary>One line's expected adjudication (835 SVC): charge - adjustments = payment, to the cent.</summary>
/// <param name="Line">The line number, from 1.</param>
/// <param name="Hcpcs">The code.</param>
/// <param name="Outcome">Priced, Denied (by an NCCI edit), or why the line is not priced (UnknownCode, NoRelease, ...).</param>
/// <param name="Release">The release that priced it.</param>
/// <param name="Charge">The charge.</param>
/// <param name="Allowed">The allowed amount.</param>
/// <param name="Payment">What Medicare pays.</param>
/// <param name="PatientResponsibility">Deductible and coinsurance.</param>
/// <param name="Adjustments">The CAS adjustments.</param>
/// <param name="Reason">How the amount was reached, or the edit that denied the line.</param>
public sealed record AdjudicatedLineResponse(int Line, string Hcpcs, string Outcome, string? Release, decimal Charge, decimal Allowed, decimal Payment, decimal PatientResponsibility, IReadOnlyList<AdjustmentResponse> Adjustments, string Reason);

/// <summary>One CAS adjustment.</summary>
/// <param name="Group">CO, PR or OA.</param>
/// <param name="Reason">The claim adjustment reason code (CARC), such as 45.</param>
/// <param name="Amount">The amount, dollars.</param>
/// <param name="Remark">The remittance advice remark code (RARC), if one goes with it.</param>
public sealed record AdjustmentResponse(string Group, string Reason, decimal Amount, string? Remark);

/// <summary>The API's JSON contracts, source generated (no reflection: trimming and AOT).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ClaimRequest))]
[JsonSerializable(typeof(ClaimPriceResponse))]
[JsonSerializable(typeof(NcciCheckResponse))]
[JsonSerializable(typeof(ReleasesResponse))]
[JsonSerializable(typeof(AdjudicationResponse))]
internal sealed partial class MedPayIQApiJsonContext : JsonSerializerContext;
