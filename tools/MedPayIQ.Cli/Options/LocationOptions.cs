using System.CommandLine;
using System.CommandLine.Parsing;
using MedPayIQ.Pricing;

namespace MedPayIQ.Cli.Options;

/// <summary>
/// Where the service was furnished: <c>--carrier</c> with <c>--locality</c>, and where a command prices one place,
/// <c>--zip</c> or <c>--national</c>; exactly one way (national when none is given).
/// </summary>
internal sealed class LocationOptions
{
    /// <summary><c>--carrier</c>: the MAC/carrier number.</summary>
    public Option<string?> Carrier { get; }

    /// <summary><c>--locality</c>: the locality number.</summary>
    public Option<string?> Locality { get; }

    /// <summary><c>--zip</c>; absent when the command takes a carrier and locality only.</summary>
    public Option<PricingLocation?>? Zip { get; }

    /// <summary><c>--national</c>; absent when the command takes a carrier and locality only.</summary>
    public Option<bool>? National { get; }

    private LocationOptions(string carrier, string locality, bool zipAndNational)
    {
        Carrier = new Option<string?>("--carrier") { Description = carrier };
        Locality = new Option<string?>("--locality") { Description = locality };
        if (zipAndNational)
        {
            Zip = new Option<PricingLocation?>("--zip") { Description = "ZIP code: the locality from CMS's ZIP5 file.", CustomParser = Parsers.Of<PricingLocation?>(text => ParseZip(text)) };
            National = new Option<bool>("--national") { Description = "National amounts (every GPCI 1.000); the default." };
        }
    }

    /// <summary>One place to price: --carrier with --locality, --zip or --national.</summary>
    public static LocationOptions Place()
        => new("MAC/carrier number, such as 01182 (with --locality).", "Locality number, such as 18 (with --carrier).", zipAndNational: true);

    /// <summary>A carrier and locality only, described by the command.</summary>
    public static LocationOptions CarrierAndLocality(string carrier, string locality) => new(carrier, locality, zipAndNational: false);

    /// <summary>
    /// Adds the options to <paramref name="command"/> and, unless the command checks its own combinations
    /// (<paramref name="validate"/> false), the rule that the location is given one way.
    /// </summary>
    public void AddTo(Command command, bool validate = true)
    {
        command.Options.Add(Carrier);
        command.Options.Add(Locality);
        if (Zip is not null && National is not null)
        {
            command.Options.Add(Zip);
            command.Options.Add(National);
        }

        if (validate)
        {
            command.Validators.Add(Validate);
        }
    }

    /// <summary>The location given (national when none is).</summary>
    public PricingLocation GetValue(ParseResult parse)
        => Zip is not null && parse.GetValue(Zip) is { } zip ? zip
        : LocalityGiven(parse) is { } key ? PricingLocation.Of(key)
        : PricingLocation.National;

    /// <summary>The carrier and locality given, or null when neither is.</summary>
    public LocalityKey? LocalityGiven(ParseResult parse)
    {
        string? carrier = parse.GetValue(Carrier), locality = parse.GetValue(Locality);
        return carrier is null && locality is null ? null : ClaimInput.Location(carrier, locality, null, national: false).Locality;
    }

    private void Validate(CommandResult result)
    {
        string? carrier = result.GetValue(Carrier), locality = result.GetValue(Locality);
        string? zip = Zip is not null && result.GetResult(Zip) is { Tokens: [var token, ..] } ? token.Value : null;
        bool national = National is not null && result.GetValue(National);
        if (zip is null && carrier is null && locality is null)
        {
            return;
        }

        try
        {
            // The same rules, and messages, as a claim file's carrier, locality and zip columns.
            ClaimInput.Location(carrier, locality, zip, national);
        }
        catch (UsageException ex)
        {
            Parsers.Reject(result, ex.Message);
        }
    }

    private static PricingLocation ParseZip(string text)
    {
        try
        {
            return PricingLocation.OfZip(text);
        }
        catch (FormatException)
        {
            throw new UsageException($"'{text}' is not a ZIP code: five digits, or ZIP+4.");
        }
    }
}
