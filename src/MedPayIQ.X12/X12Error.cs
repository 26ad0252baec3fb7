using System.Globalization;
using MedPayIQ.Pricing;

namespace MedPayIQ.X12;

/// <summary>
/// What was wrong in an X12 file, and where: the file, the interchange and transaction control numbers, the segment's
/// number in the file and in its transaction (ST is 1), its id, the element position (CLM02, SV101-2), the text found
/// and what was expected.
/// </summary>
public sealed record X12Error
{
    /// <summary>The file or stream name given to the reader.</summary>
    public string Source { get; init; } = "";

    /// <summary>The interchange control number (ISA13), empty before an ISA was read.</summary>
    public string Interchange { get; init; } = "";

    /// <summary>The transaction set control number (ST02), empty outside a transaction.</summary>
    public string Transaction { get; init; } = "";

    /// <summary>The segment's number in the file, 1 for the first.</summary>
    public long FileSegment { get; init; }

    /// <summary>The segment's number in its transaction (ST is 1), 0 outside a transaction.</summary>
    public int TransactionSegment { get; init; }

    /// <summary>The segment id: ISA, CLM, SV1...</summary>
    public string SegmentId { get; init; } = "";

    /// <summary>The element position, such as CLM02 or SV101-2; empty when the segment as a whole is wrong.</summary>
    public string Element { get; init; } = "";

    /// <summary>The text found (cut at 40 characters).</summary>
    public string Found { get; init; } = "";

    /// <summary>What was expected.</summary>
    public string Expected { get; init; } = "";

    /// <summary>One line: <c>claims.837 ISA13 000000001 ST02 0001 segment 14 (12 in the transaction) CLM02: found '12x', expected a dollar amount.</c></summary>
    public override string ToString()
    {
        var where = new System.Text.StringBuilder(Source);
        if (Interchange.Length > 0)
        {
            where.Append(CultureInfo.InvariantCulture, $" ISA13 {Interchange}");
        }

        if (Transaction.Length > 0)
        {
            where.Append(CultureInfo.InvariantCulture, $" ST02 {Transaction}");
        }

        where.Append(CultureInfo.InvariantCulture, $" segment {FileSegment}");
        if (TransactionSegment > 0)
        {
            where.Append(CultureInfo.InvariantCulture, $" ({TransactionSegment} in the transaction)");
        }

        where.Append(' ').Append(Element.Length > 0 ? Element : SegmentId);
        return string.Create(CultureInfo.InvariantCulture, $"{where}: found '{Found}', expected {Expected}.");
    }
}

/// <summary>An X12 file that cannot be read at all (no interchange header, unknown delimiters).</summary>
public sealed class X12FormatException : FormatException
{
    /// <summary>Creates the exception of an error.</summary>
    public X12FormatException(X12Error error)
        : base((error ?? throw new ArgumentNullException(nameof(error))).ToString()) => Error = error;

    /// <summary>The error.</summary>
    public X12Error Error { get; }
}

/// <summary>What became of one transaction set (ST...SE) of an 837P file: read with its claims, or not, and why.</summary>
/// <param name="Envelope">The control numbers of the transaction.</param>
/// <param name="Claims">The claims read from it (0 when it was not read: its claims are not returned).</param>
/// <param name="Error">The first error found in it, or <c>null</c> when it was read.</param>
public sealed record X12TransactionResult(X12ControlNumbers Envelope, int Claims, X12Error? Error)
{
    /// <summary>Whether the transaction was read and its claims returned.</summary>
    public bool Read => Error is null;
}

/// <summary>How an 837P is read into claims.</summary>
public sealed record X12ReadOptions
{
    /// <summary>
    /// The base units of the anesthesia codes (CMS's anesthesia base units file), which an 837P does not carry: an
    /// anesthesia line (SV103 MJ) gets its code's base units from here; without them it is priced as an invalid line.
    /// </summary>
    public IReadOnlyDictionary<HcpcsCode, int>? AnesthesiaBaseUnits { get; init; }

    /// <summary>Whether the claims take sequestration off the Medicare payment for their dates of service, as Medicare does (default true).</summary>
    public bool ApplySequestration { get; init; } = true;

    /// <summary>The beneficiary's Part B deductible still unmet; <c>null</c> (the default): taken as met.</summary>
    public decimal? DeductibleRemaining { get; init; }

    /// <summary>The most claims a transaction set may hold, kept in memory until its SE checks (the implementation guide recommends at most 5,000).</summary>
    public int MaxClaimsPerTransaction { get; init; } = 5_000;
}

/// <summary>The provider kind that a NUCC health care provider taxonomy code names (837P PRV03).</summary>
public static class ProviderTaxonomy
{
    private static readonly (string Prefix, ProviderKind Kind)[] Prefixes =
    [
        ("363L", ProviderKind.NursePractitioner),
        ("363A", ProviderKind.PhysicianAssistant),
        ("364S", ProviderKind.ClinicalNurseSpecialist),
        ("367A", ProviderKind.CertifiedNurseMidwife),
        ("176B", ProviderKind.CertifiedNurseMidwife),
        ("3675", ProviderKind.NurseAnesthetist),
        ("367H", ProviderKind.NurseAnesthetist),
        ("103T", ProviderKind.ClinicalPsychologist),
        ("1041", ProviderKind.ClinicalSocialWorker),
        ("133V", ProviderKind.RegisteredDietitian),
        ("133N", ProviderKind.RegisteredDietitian),
        ("2251", ProviderKind.TherapistInPrivatePractice),
        ("225X", ProviderKind.TherapistInPrivatePractice),
        ("235Z", ProviderKind.TherapistInPrivatePractice),
    ];

    /// <summary>
    /// The provider kind of a taxonomy code: nurse practitioner (363L), physician assistant (363A), clinical nurse
    /// specialist (364S), nurse-midwife (367A, 176B), nurse anesthetist or anesthesiologist assistant (3675, 367H),
    /// psychologist (103T), social worker (1041), dietitian or nutritionist (133V, 133N), physical or occupational
    /// therapist or speech-language pathologist (2251, 225X, 235Z); every other code (physicians 20..., groups...) and
    /// an empty one: physician.
    /// </summary>
    public static ProviderKind KindOf(string? taxonomy)
    {
        if (taxonomy is { Length: >= 4 })
        {
            foreach (var (prefix, kind) in Prefixes)
            {
                if (taxonomy.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    return kind;
                }
            }
        }

        return ProviderKind.Physician;
    }
}
