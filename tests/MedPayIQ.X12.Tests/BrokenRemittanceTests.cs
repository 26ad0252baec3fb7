using MedPayIQ.X12;

namespace MedPayIQ.X12.Tests;

/// <summary>
/// A corpus of broken 835 files, each made from two-payers.835 by one mutation: each gets its precise error (segment
/// numbers, id, element, text found, what was expected); the transaction it breaks is not read and the other is.
/// </summary>
public class BrokenRemittanceTests
{
    private static readonly string Good = File.ReadAllText(ReaderTests.PathOf("two-payers.835"));

    /// <summary>The first transaction broken by a replacement: its error; the second (RAILROAD) still read.</summary>
    private static X12Error FirstFails(string what, string with)
    {
        Assert.Contains(what, Good, StringComparison.Ordinal);
        var (remittances, reader) = RemittanceReaderTests.Read(Good.Replace(what, with, StringComparison.Ordinal), "broken.835");
        Assert.Equal([false, true], reader.Transactions.Select(t => t.Read));
        Assert.Equal("RAILROAD MEDICARE (TEST)", Assert.Single(remittances).Payer.Name);
        var error = reader.Transactions[0].Error!;
        Assert.Equal(("broken.835", "000000201", "0001"), (error.Source, error.Interchange, error.Transaction));
        return error;
    }

    [Theory]
    [InlineData("CLP*W-1*1*450*", "CLP*W-1*9*450*", "CLP", "CLP02", "9", 14, "a claim status: 1, 2, 3 (processed), 4 (denied), 19, 20, 21, 23, 25, or 22 (reversal)")]
    [InlineData("CLP*W-1*1*450*", "CLP*W-1*1*45O*", "CLP", "CLP03", "45O", 14, "the total claim charge, a dollar amount such as 125.5")]
    [InlineData("CLP*W-2*1*150*77.23", "CLP*W-2*1*150*7B.23", "CLP", "CLP04", "7B.23", 49, "the claim payment, a dollar amount such as 125.5")]
    [InlineData("*MB*PCN2026071001*11*", "*MB*PCN2026071001*1*", "CLP", "CLP08", "1", 14, "a place of service of two digits, 01 to 99")]
    [InlineData("SVC*HC:99214*180", "SVC*ZZ:99214*180", "SVC", "SVC01-1", "ZZ:99214", 17, "HC, then the component separator and a HCPCS code")]
    [InlineData("SVC*HC:99214*180", "SVC*HC:9921*180", "SVC", "SVC01-2", "9921", 17, "a HCPCS code of five letters or digits")]
    [InlineData("SVC*HC:99213:25*", "SVC*HC:99213:2*", "SVC", "SVC01-3", "2", 44, "a modifier of two letters or digits, each once")]
    [InlineData("SVC*HC:93000*120*5.67", "SVC*HC:93000*120*five", "SVC", "SVC03", "five", 23, "the line payment, a dollar amount such as 125.5")]
    [InlineData("SVC*HC:99214*180*99.22**1", "SVC*HC:99214*180*99.22**x", "SVC", "SVC05", "x", 17, "the units paid, a number up to 99999")]
    [InlineData("CAS*CO*45*53.44", "CAS*XX*45*53.44", "CAS", "CAS01", "XX", 19, "a group code: CO, PR, OA, PI or CR")]
    [InlineData("CAS*CO*45*53.44**253*2.03", "CAS*CO*45*53.44**253*2,03", "CAS", "CAS06", "2,03", 19, "the adjustment amount, a dollar amount such as 125.5")]
    [InlineData("CAS*CO*B4*5", "CAS*CO**5", "CAS", "CAS02", "", 51, "a claim adjustment reason code (CARC), such as 45")]
    [InlineData("DTM*472*20260706~\nCAS*CO*45*53.44", "DTM*472*20260631~\nCAS*CO*45*53.44", "DTM", "DTM02", "20260631", 18, "a date written CCYYMMDD (DTM*472)")]
    [InlineData("AMT*B6*126.56", "AMT*B6*12656-", "AMT", "AMT02", "12656-", 22, "the allowed amount, a dollar amount such as 125.5")]
    [InlineData("PLB*1234567893*20261231*", "PLB*1234567893*20261331*", "PLB", "PLB02", "20261331", 57, "the last day of the provider's fiscal period, written CCYYMMDD")]
    [InlineData("WO:PCN2026050199*25*L6*-1.25", "WO:PCN2026050199*25*L*-1.25", "PLB", "PLB05-1", "L", 57, "a provider adjustment reason code of two characters (WO, L6, FB, 72...)")]
    [InlineData("BPR*I*158.37*", "BPR*I*15g.37*", "BPR", "BPR02", "15g.37", 2, "the total payment, a dollar amount such as 125.5")]
    [InlineData("ST*835*0001~\nBPR", "ST*835*0001~\nTRN*1*X*Y~\nBPR", "TRN", "", "TRN*1*X*Y", 2, "BPR, the financial information, after ST")]
    [InlineData("ST*835*0001", "ST*837*0001", "ST", "ST01", "837", 1, "835, a health care claim payment/advice")]
    [InlineData("LX*1~\nCLP*W-1", "LX*1~\nSVC*HC:99214*1~\nCLP*W-1", "SVC", "", "SVC*HC:99214*1", 14, "CLP before SVC (a service line belongs to a claim)")]
    public void Each_mutation_gets_its_error(string what, string with, string id, string element, string found, int segment, string expected)
    {
        var error = FirstFails(what, with);
        Assert.Equal((id, element, found, segment, expected), (error.SegmentId, error.Element, error.Found, error.TransactionSegment, error.Expected));
    }

    [Fact]
    public void Wrong_SE_count_and_message()
    {
        var error = FirstFails("SE*58*0001", "SE*59*0001");
        Assert.Equal("broken.835 ISA13 000000201 ST02 0001 segment 60 (58 in the transaction) SE01: found '59', expected 58, the number of segments from ST to SE.", error.ToString());
    }

    [Fact]
    public void A_group_of_claims_is_not_a_remittance()
    {
        var (remittances, reader) = RemittanceReaderTests.Read(Good.Replace("GS*HP*", "GS*HC*", StringComparison.Ordinal).Replace("005010X221A1", "005010X222A1", StringComparison.Ordinal), "claims.835");
        Assert.Empty(remittances);
        Assert.All(reader.Transactions, t => Assert.Equal(("GS", "GS01", "HP, a group of health care claim payments (835)"), (t.Error!.SegmentId, t.Error.Element, t.Error.Expected)));
    }

    [Fact]
    public void Truncated_file_reads_the_transactions_before_the_cut()
    {
        int cut = Good.IndexOf("SVC*HC:77300", StringComparison.Ordinal);
        var (remittances, reader) = RemittanceReaderTests.Read(Good[..(cut + 10)], "truncated.835");
        Assert.Equal("PACIFIC MEDICARE CONTRACTOR (TEST)", Assert.Single(remittances).Payer.Name);
        Assert.Equal([true, false], reader.Transactions.Select(t => t.Read));
        Assert.Contains(reader.Errors, e => e.Expected.Contains("truncated?", StringComparison.Ordinal));
    }

    [Fact]
    public void Not_an_interchange_throws_a_precise_error()
    {
        var ex = Assert.Throws<X12FormatException>(() => RemittanceReaderTests.Read("CLP*W-1*1*450*104.89~"));
        Assert.Equal("ISA", ex.Error.SegmentId);
    }
}

/// <summary>Hostile 835s: any mutation of our remittance is read or refused with an <see cref="X12Error"/>, never a crash.</summary>
public class RemittanceMutationProperties
{
    private static readonly string Good = File.ReadAllText(ReaderTests.PathOf("two-payers.835"));
    private const string Alphabet = "*:~^-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ \n";

    /// <summary>Up to eight characters replaced, deleted or inserted, and maybe a cut: each transaction is read or has its error, and what is read balances or lists its imbalances.</summary>
    [FsCheck.Xunit.Property(MaxTest = 300)]
    public bool A_mutated_remittance_is_read_or_refused_precisely(int seed)
    {
        var random = new Random(seed);
        var text = new System.Text.StringBuilder(Good);
        for (int i = random.Next(1, 9); i > 0 && text.Length > 120; i--)
        {
            int at = 106 + random.Next(text.Length - 106); // the ISA left whole: its delimiters are tested apart
            switch (random.Next(3))
            {
                case 0:
                    text[at] = Alphabet[random.Next(Alphabet.Length)];
                    break;
                case 1:
                    text.Remove(at, 1);
                    break;
                default:
                    text.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
            }
        }

        if (random.Next(4) == 0)
        {
            text.Length = 106 + random.Next(text.Length - 106);
        }

        var reader = new RemittanceReader(new StringReader(text.ToString()), "mutated.835");
        var remittances = reader.ReadRemittances().ToList();
        return reader.Transactions.Count(t => t.Read) == remittances.Count
            && reader.Transactions.Where(t => !t.Read).All(t => t.Error!.Expected.Length > 0 && t.Error.Source == "mutated.835")
            && remittances.All(r => r.Imbalances.All(i => i.Element.Length > 0));
    }
}
