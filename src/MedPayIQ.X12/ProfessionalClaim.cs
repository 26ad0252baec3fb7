using System.Collections.Immutable;
using MedPayIQ.Pricing;

namespace MedPayIQ.X12;

/// <summary>The control numbers of the envelopes a claim was read in: interchange (ISA13), group (GS06), transaction (ST02).</summary>
/// <param name="Interchange">ISA13.</param>
/// <param name="Group">GS06.</param>
/// <param name="Transaction">ST02.</param>
public sealed record X12ControlNumbers(string Interchange, string Group, string Transaction)
{
    /// <summary>As a message writes them: <c>ISA13 000000001, GS06 1, ST02 0001</c>.</summary>
    public override string ToString() => $"ISA13 {Interchange}, GS06 {Group}, ST02 {Transaction}";
}

/// <summary>A party of a claim (billing provider, service facility, subscriber, patient) as its NM1, N3, N4 and REF give it.</summary>
public sealed record X12Party
{
    /// <summary>The organization's name or the person's last name (NM103).</summary>
    public string Name { get; init; } = "";

    /// <summary>The person's first name (NM104), empty for an organization.</summary>
    public string FirstName { get; init; } = "";

    /// <summary>The identifier qualifier (NM108): XX for an NPI, MI for a member id.</summary>
    public string IdQualifier { get; init; } = "";

    /// <summary>The identifier (NM109): NPI, member id.</summary>
    public string Id { get; init; } = "";

    /// <summary>The address line (N301).</summary>
    public string Address { get; init; } = "";

    /// <summary>The city (N401).</summary>
    public string City { get; init; } = "";

    /// <summary>The state (N402).</summary>
    public string State { get; init; } = "";

    /// <summary>The ZIP code (N403), five or nine digits.</summary>
    public string Zip { get; init; } = "";

    /// <summary>The taxonomy code of its PRV segment, when it has one (billing PRV*BI, rendering PRV*PE).</summary>
    public string Taxonomy { get; init; } = "";

    /// <summary>The tax identification number (REF*EI), for a billing provider.</summary>
    public string TaxId { get; init; } = "";

    /// <summary>The birth date (DMG02), for a subscriber or patient.</summary>
    public DateOnly? BirthDate { get; init; }

    /// <summary>The sex code (DMG03: F, M or U), for a subscriber or patient.</summary>
    public string Sex { get; init; } = "";
}

/// <summary>A REF segment: qualifier and value (REF*G1*prior authorization, REF*F8*original claim...).</summary>
/// <param name="Qualifier">REF01.</param>
/// <param name="Value">REF02.</param>
public readonly record struct X12Reference(string Qualifier, string Value);

/// <summary>One service line of an 837P claim (loop 2400), with what the pricing line does not carry.</summary>
public sealed record ProfessionalServiceLine
{
    /// <summary>The line's number (LX01).</summary>
    public int Number { get; init; }

    /// <summary>The line as priced: date, code, modifiers, units or anesthesia minutes, charge, place of service.</summary>
    public ClaimLine Line { get; init; }

    /// <summary>The unit basis (SV103): UN for units, MJ for anesthesia minutes.</summary>
    public string UnitBasis { get; init; } = "UN";

    /// <summary>The quantity billed (SV104): units, or minutes for MJ.</summary>
    public int Quantity { get; init; }

    /// <summary>The last date of service of a range (DTP*472*RD8), else the date of service.</summary>
    public DateOnly ThroughDate { get; init; }

    /// <summary>The diagnosis pointers (SV107), 1 to 12 into the claim's diagnoses.</summary>
    public ImmutableArray<int> DiagnosisPointers { get; init; } = [];

    /// <summary>The line item control number (REF*6R), echoed in the 835's REF*6R; empty when not given.</summary>
    public string ControlNumber { get; init; } = "";
}

/// <summary>
/// One professional claim read from an 837P (loop 2300 and its lines), with the pricing <see cref="Pricing.Claim"/> it
/// becomes: ZIP of the service facility (2310C) or else of the billing provider (2010AA), place of service (CLM05-1),
/// provider kind from the rendering provider's taxonomy (2310B PRV, else the billing provider's), participation from
/// CLM07 (C: not assigned).
/// </summary>
public sealed record ProfessionalClaim
{
    /// <summary>The claim's submitter identifier (CLM01, the patient control number).</summary>
    public string ClaimId { get; init; } = "";

    /// <summary>The total charge (CLM02): the sum of the lines' charges.</summary>
    public decimal TotalCharge { get; init; }

    /// <summary>The claim's place of service (CLM05-1).</summary>
    public PlaceOfService PlaceOfService { get; init; }

    /// <summary>The claim frequency code (CLM05-3): 1 original, 7 replacement, 8 void.</summary>
    public string FrequencyCode { get; init; } = "1";

    /// <summary>The assignment or plan participation code (CLM07): A assigned, B lab only, C not assigned.</summary>
    public string Assignment { get; init; } = "";

    /// <summary>The claim as MedPayIQ prices it.</summary>
    public Claim Claim { get; init; } = new([]);

    /// <summary>The service lines, in claim order (the pricing claim's lines are theirs, in the same order).</summary>
    public ImmutableArray<ProfessionalServiceLine> ServiceLines { get; init; } = [];

    /// <summary>The diagnosis codes of HI, principal first, as given (no decimal point).</summary>
    public ImmutableArray<string> Diagnoses { get; init; } = [];

    /// <summary>The claim's REF segments.</summary>
    public ImmutableArray<X12Reference> References { get; init; } = [];

    /// <summary>The billing provider (2010AA).</summary>
    public X12Party BillingProvider { get; init; } = new();

    /// <summary>The subscriber (2010BA).</summary>
    public X12Party Subscriber { get; init; } = new();

    /// <summary>The patient (2010CA), or the subscriber when the patient is the subscriber.</summary>
    public X12Party Patient { get; init; } = new();

    /// <summary>The claim filing indicator of the subscriber (SBR09): MB for Medicare Part B.</summary>
    public string FilingIndicator { get; init; } = "";

    /// <summary>The rendering provider (2310B), when given.</summary>
    public X12Party? RenderingProvider { get; init; }

    /// <summary>The service facility location (2310C), when given: its ZIP decides the locality.</summary>
    public X12Party? ServiceFacility { get; init; }

    /// <summary>The date the post-operative care was assumed (DTP*090), for modifier 55 lines.</summary>
    public DateOnly? CareAssumed { get; init; }

    /// <summary>The date the post-operative care was relinquished (DTP*091), for modifier 55 lines.</summary>
    public DateOnly? CareRelinquished { get; init; }

    /// <summary>Where the claim was read.</summary>
    public X12ControlNumbers Envelope { get; init; } = new("", "", "");
}
