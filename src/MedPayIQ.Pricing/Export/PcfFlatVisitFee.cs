using System.Collections.Frozen;
using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>
/// The Primary Care First (PCF) Model flat visit fee as CMS writes it in its payment amount files: on the model's
/// visit codes, field 12 ("50% Therapy Reduction Amount", non-institutional) holds the locality's flat visit fee and
/// field 13 zero (PF25PC record layout: from January 1, 2021 the field may also hold the PCF flat visit fee, FFS 11896).
/// </summary>
/// <remarks>
/// <para>
/// Which codes carry the fee and how much it is in each locality are inputs, not computed here. CMS's published PCF
/// documents name a national flat visit fee adjusted for geography, but the sources available to this project do not
/// determine the adjustment to the cent for every locality and release, nor publish the model's code list in a
/// form the project could check; see docs/payment-amount-files.md for what is known and what is not. Give the codes
/// from CMS's PCF code list and the amounts from CMS's own files (<see cref="Load"/> reads them from a small text
/// file).
/// </para>
/// <para>Immutable and thread-safe once built; lookups allocate nothing.</para>
/// </remarks>
public sealed class PcfFlatVisitFee
{
    private readonly FrozenSet<HcpcsCode> codes;
    private readonly FrozenDictionary<LocalityKey, decimal> amounts;

    /// <summary>Creates the fee from its codes and its amount in each carrier/locality.</summary>
    /// <param name="codes">The HCPCS codes that carry the flat visit fee.</param>
    /// <param name="amounts">The flat visit fee of each carrier/locality, in dollars and cents.</param>
    /// <exception cref="ArgumentException">An amount is negative or not whole cents, or a locality is given twice.</exception>
    public PcfFlatVisitFee(IEnumerable<HcpcsCode> codes, IEnumerable<KeyValuePair<LocalityKey, decimal>> amounts)
    {
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(amounts);
        this.codes = codes.ToFrozenSet();
        var byLocality = new Dictionary<LocalityKey, decimal>();
        foreach (var (locality, amount) in amounts)
        {
            if (amount < 0 || amount != decimal.Round(amount, 2, MidpointRounding.AwayFromZero))
            {
                throw new ArgumentException($"The flat visit fee of {locality} is {amount.ToString(CultureInfo.InvariantCulture)}: expected dollars and whole cents, not negative.", nameof(amounts));
            }

            if (!byLocality.TryAdd(locality, amount))
            {
                throw new ArgumentException($"The flat visit fee of {locality} is given twice.", nameof(amounts));
            }
        }

        this.amounts = byLocality.ToFrozenDictionary();
    }

    /// <summary>The codes that carry the flat visit fee.</summary>
    public IReadOnlySet<HcpcsCode> Codes => codes;

    /// <summary>The carrier/localities whose flat visit fee is known.</summary>
    public IReadOnlyCollection<LocalityKey> Localities => amounts.Keys;

    /// <summary>The flat visit fee of a carrier/locality, when known.</summary>
    public bool TryGetAmount(LocalityKey locality, out decimal amount) => amounts.TryGetValue(locality, out amount);

    /// <summary>
    /// The fee for one export row: the locality's amount on a listed code's global row (no modifier) that is not a
    /// therapy code; <c>false</c> otherwise, and for a locality whose amount is not known.
    /// </summary>
    internal bool TryGetFor(LocalityKey locality, in RvuEntry entry, out decimal amount)
    {
        amount = 0m;
        return !entry.Modifier.IsSome && entry.MultipleProcedure != MultipleProcedureIndicator.Therapy
            && codes.Contains(entry.Hcpcs) && amounts.TryGetValue(locality, out amount);
    }

    /// <summary>
    /// Reads the fee from text: one record a line, comma-separated; <c>code,HCPCS</c> names a code that carries the
    /// fee, <c>amount,CARRIER,LOCALITY,DOLLARS</c> gives a locality's fee (such as <c>amount,14512,50,39.88</c>).
    /// Blank lines and lines starting with <c>#</c> are skipped.
    /// </summary>
    /// <param name="reader">The text.</param>
    /// <param name="fileName">The file's name, for error messages.</param>
    /// <exception cref="FeeScheduleFormatException">A line is not one of the two records (file, line, field, value and what was expected).</exception>
    public static PcfFlatVisitFee Load(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(fileName);
        var codes = new List<HcpcsCode>();
        var amounts = new List<KeyValuePair<LocalityKey, decimal>>();
        var seen = new HashSet<LocalityKey>();
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length == 0 || text[0] == '#')
            {
                continue;
            }

            var f = text.Split(',');
            for (int i = 0; i < f.Length; i++)
            {
                f[i] = f[i].Trim();
            }

            switch (f[0])
            {
                case "code" when f.Length == 2:
                    if (!HcpcsCode.TryParse(f[1], out var code))
                    {
                        throw new FeeScheduleFormatException(fileName, lineNumber, 2, "HCPCS", f[1], "a HCPCS code of 5 letters or digits", null);
                    }

                    codes.Add(code);
                    break;
                case "amount" when f.Length == 4:
                    if (!LocalityKey.TryCreate(f[1], f[2], out var key))
                    {
                        throw new FeeScheduleFormatException(fileName, lineNumber, 2, "CARRIER,LOCALITY", $"{f[1]},{f[2]}", "a carrier of up to 5 digits and a locality of up to 2 digits", null);
                    }

                    if (!decimal.TryParse(f[3], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount != decimal.Round(amount, 2, MidpointRounding.AwayFromZero))
                    {
                        throw new FeeScheduleFormatException(fileName, lineNumber, 4, "AMOUNT", f[3], "dollars with at most two decimals, such as 39.88", null);
                    }

                    if (!seen.Add(key))
                    {
                        throw new FeeScheduleFormatException(fileName, lineNumber, 2, "CARRIER,LOCALITY", $"{f[1]},{f[2]}", "each locality once", null);
                    }

                    amounts.Add(new(key, amount));
                    break;
                default:
                    throw new FeeScheduleFormatException(fileName, lineNumber, 1, null, text, "'code,HCPCS' or 'amount,CARRIER,LOCALITY,DOLLARS'", null);
            }
        }

        return new PcfFlatVisitFee(codes, amounts);
    }
}
