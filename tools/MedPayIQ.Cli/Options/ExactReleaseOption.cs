using System.CommandLine;
using MedPayIQ.Pricing;

namespace MedPayIQ.Cli.Options;

/// <summary>
/// <c>--exact-release</c> on every command: price a date of service only with the release in force on it (its quarterly
/// release), instead of the nearest loaded release of the same year at lower confidence.
/// </summary>
internal static class ExactReleaseOption
{
    public static readonly Option<bool> Option = new("--exact-release")
    {
        Description = "Price a date only with the release in force on it; refuse a date whose quarterly release is not loaded (by default the nearest loaded release of the same year is used, at lower confidence, with a warning).",
        Recursive = true,
    };

    /// <summary>The selection asked for.</summary>
    public static ReleaseSelection GetValue(ParseResult parse) => parse.GetValue(Option) ? ReleaseSelection.Exact : ReleaseSelection.Nearest;

    /// <summary>A calculator over <paramref name="catalog"/> that picks releases as asked.</summary>
    public static PaymentCalculator Calculator(ParseResult parse, FeeScheduleCatalog catalog) => new(catalog) { ReleaseSelection = GetValue(parse) };
}
