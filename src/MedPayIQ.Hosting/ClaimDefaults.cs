using System.Diagnostics.CodeAnalysis;
using MedPayIQ.Pricing;

namespace MedPayIQ.Hosting;

/// <summary>The claim defaults of the options, parsed once per snapshot.</summary>
internal sealed record ClaimDefaults(PricingLocation Location, ProviderKind Provider, Participation Participation, ApmStatus ApmStatus, bool ApplySequestration, bool TrackDeductible)
{
    /// <summary>How a date's release is picked when the one in force is not offered.</summary>
    public ReleaseSelection ReleaseSelection { get; init; }

    /// <summary>The Part B deductible by year (42 CFR 410.160; CMS's annual notices).</summary>
    private static readonly Dictionary<int, decimal> PartBDeductible = new() { [2025] = 257m, [2026] = 283m };

    public static ClaimDefaults From(MedPayIQOptions options)
    {
        var location = TryParseLocation(options.DefaultLocality, out var parsed) ? parsed : PricingLocation.National;
        return new ClaimDefaults(location, options.Provider, options.Participation, options.ApmStatus, options.ApplySequestration, options.TrackDeductible)
        {
            ReleaseSelection = options.ReleaseSelection,
        };
    }

    public static bool TryParseLocation(string? text, out PricingLocation location)
    {
        location = PricingLocation.National;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var t = text.Trim();
        if (LocalityKey.TryParse(t, out var key))
        {
            location = PricingLocation.Of(key);
            return true;
        }

        if (t.Length == 5 && t.All(char.IsAsciiDigit))
        {
            location = PricingLocation.OfZip(t);
            return true;
        }

        return false;
    }

    public static bool TryGetDeductible(int year, [NotNullWhen(true)] out decimal? amount)
    {
        amount = PartBDeductible.TryGetValue(year, out var d) ? d : null;
        return amount is not null;
    }

    public Claim CreateClaim(IEnumerable<ClaimLine> lines)
    {
        var claim = new Claim(lines)
        {
            Location = Location,
            Provider = Provider,
            Participation = Participation,
            ApmStatus = ApmStatus,
            ApplySequestration = ApplySequestration,
        };
        if (TrackDeductible && !claim.Lines.IsEmpty && TryGetDeductible(claim.Lines.Min(l => l.DateOfService).Year, out var deductible))
        {
            claim = claim with { DeductibleRemaining = deductible };
        }

        return claim;
    }

    public ServiceRequest CreateRequest(HcpcsCode hcpcs, Modifier modifier, DateOnly dateOfService, PricingSetting setting) =>
        new(hcpcs, modifier, dateOfService, Location, setting, Participation, ApmStatus);
}
