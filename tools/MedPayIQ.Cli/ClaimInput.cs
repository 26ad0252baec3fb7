using System.Globalization;
using MedPayIQ.Pricing;
using MedPayIQ.X12;

namespace MedPayIQ.Cli;

/// <summary>The words of claim input, from the command line or a claim file: one parser for both, one message per problem.</summary>
internal static class ClaimInput
{
    /// <summary>The provider kinds by the words a biller types.</summary>
    public static readonly IReadOnlyDictionary<string, ProviderKind> Providers = new Dictionary<string, ProviderKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["physician"] = ProviderKind.Physician,
        ["md"] = ProviderKind.Physician,
        ["do"] = ProviderKind.Physician,
        ["npp"] = ProviderKind.NursePractitioner,
        ["np"] = ProviderKind.NursePractitioner,
        ["cns"] = ProviderKind.ClinicalNurseSpecialist,
        ["pa"] = ProviderKind.PhysicianAssistant,
        ["cnm"] = ProviderKind.CertifiedNurseMidwife,
        ["psychologist"] = ProviderKind.ClinicalPsychologist,
        ["csw"] = ProviderKind.ClinicalSocialWorker,
        ["dietitian"] = ProviderKind.RegisteredDietitian,
        ["crna"] = ProviderKind.NurseAnesthetist,
        ["therapist"] = ProviderKind.TherapistInPrivatePractice,
    };

    public const string ProviderWords = "physician, npp (= np), np, cns, pa, cnm, psychologist, csw, dietitian, crna, therapist";

    public static HcpcsCode Code(string text)
        => HcpcsCode.TryParse(text, out var code) ? code : throw new UsageException($"'{text}' is not a HCPCS code: five letters or digits, such as 77321 or G0121.");

    public static ModifierSet Modifiers(IEnumerable<string> texts)
    {
        var set = ModifierSet.Empty;
        foreach (var text in texts)
        {
            if (!ModifierSet.TryParse(text, out var more))
            {
                throw new UsageException($"'{text}' is not a modifier: two letters or digits, such as 26, TC or 50 (at most four, each once).");
            }

            foreach (var m in more)
            {
                if (set.Contains(m) || set.Count == ModifierSet.Capacity)
                {
                    throw new UsageException($"modifier {m} is given twice, or more than four modifiers are given.");
                }

                set = set.Add(m);
            }
        }

        return set;
    }

    public static ProviderKind Provider(string? text)
        => text is null ? ProviderKind.Physician
        : Providers.TryGetValue(text.Trim(), out var kind) ? kind
        : throw new UsageException($"'{text}' is not a provider kind: {ProviderWords}.");

    public static DateOnly Date(string text)
        => DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new UsageException($"'{text}' is not a date written yyyy-mm-dd.");

    public static PlaceOfService Pos(string text)
        => PlaceOfService.TryParse(text, out var pos) ? pos : throw new UsageException($"'{text}' is not a place of service: two digits from 01 to 99, such as 11 or 22.");

    /// <summary>National, a carrier and locality, or a ZIP code: exactly one way.</summary>
    /// <summary>
    /// The beneficiary's ZIP code (five digits, or ZIP+4, written 12345, 12345-6789 or 123456789), as five digits: a
    /// DMEPOS item is priced by its state and whether it is rural; a claim without one uses its service ZIP code.
    /// </summary>
    public static string BeneficiaryZip(string text) => Location(null, null, text, national: false).Zip.ToString("D5", CultureInfo.InvariantCulture);

    public static PricingLocation Location(string? carrier, string? locality, string? zip, bool national)
    {
        int ways = (national ? 1 : 0) + (zip is null ? 0 : 1) + (carrier is null && locality is null ? 0 : 1);
        if (ways > 1)
        {
            throw new UsageException("give one of --carrier with --locality, --zip or --national.");
        }

        if (zip is not null)
        {
            try
            {
                return PricingLocation.OfZip(zip);
            }
            catch (FormatException)
            {
                throw new UsageException($"'{zip}' is not a ZIP code: five digits, or ZIP+4.");
            }
        }

        if (carrier is null && locality is null)
        {
            return PricingLocation.National;
        }

        if (carrier is null || locality is null)
        {
            throw new UsageException("give --carrier and --locality together.");
        }

        return LocalityKey.TryCreate(carrier, locality, out var key)
            ? PricingLocation.Of(key)
            : throw new UsageException($"'{carrier}/{locality}' is not a carrier (up to 5 digits) and locality (up to 2 digits).");
    }

    public static decimal Money(string text)
        => decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount) && amount >= 0m
            ? amount
            : throw new UsageException($"'{text}' is not an amount in dollars such as 125.00.");

    public static int Count(string text, string what)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            ? n
            : throw new UsageException($"'{text}' is not a number of {what}.");
}

/// <summary>
/// An 837P claim file (recognized by its ISA header), read through MedPayIQ.X12, streaming. A transaction that cannot
/// be read is skipped and the others are read; <see cref="ThrowIfNotAllRead"/> reports the skipped ones afterwards.
/// </summary>
internal sealed class X12ClaimFile(FileInfo file, X12ReadOptions options)
{
    private ProfessionalClaimReader? _reader;

    /// <summary>Whether a claim file starts as an X12 interchange (ISA after any byte order mark and white space).</summary>
    public static bool Is(FileInfo file)
    {
        using var reader = file.OpenText();
        var start = new char[256];
        int n = reader.ReadBlock(start, 0, start.Length);
        return ProfessionalClaimReader.IsInterchange(start.AsSpan(0, n));
    }

    public IReadOnlyList<X12TransactionResult> Transactions => _reader?.Transactions ?? [];

    public IEnumerable<ProfessionalClaim> Claims()
    {
        using var text = file.OpenText();
        _reader = new ProfessionalClaimReader(text, file.Name, options);
        using var claims = _reader.ReadClaims().GetEnumerator();
        while (true)
        {
            try
            {
                if (!claims.MoveNext())
                {
                    yield break;
                }
            }
            catch (X12FormatException ex)
            {
                throw new UsageException(ex.Message);
            }

            yield return claims.Current;
        }
    }

    /// <summary>A usage error (exit 2) naming the errors (the first five) when a transaction was not read.</summary>
    public void ThrowIfNotAllRead() => ThrowIfNotAllRead(file.Name, Transactions);

    /// <summary>A usage error (exit 2) naming the errors (the first five) when a transaction of the file was not read.</summary>
    public static void ThrowIfNotAllRead(string name, IReadOnlyList<X12TransactionResult> transactions)
    {
        int notRead = transactions.Count(t => !t.Read);
        if (notRead > 0)
        {
            var errors = transactions.Where(t => !t.Read).Select(t => t.Error!.ToString()).ToList();
            string more = errors.Count > 5 ? $" (and {errors.Count - 5} more)" : "";
            throw new UsageException($"{name}: {notRead} of {transactions.Count} transaction sets not read, their claims left out (the others were processed): {string.Join(" ", errors.Take(5))}{more}");
        }
    }
}
