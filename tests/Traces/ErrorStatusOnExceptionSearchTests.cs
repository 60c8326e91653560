using System.IO;
using System.Text;
using Microsoft.CodeAnalysis.Text;
using SignalContract.Analyzers.Traces;

namespace SignalContract.Analyzers.Tests.Traces;

/// <summary>
/// The text search OBS3009 uses to find <c>SetErrorStatusOnException</c> before it looks at a file's syntax. It reads
/// the pieces a text writes itself out in (a whole string, a long file's chunks, an edited text's buffers), and must
/// answer as a search of the whole text would, also for a name split between two pieces.
/// </summary>
public class ErrorStatusOnExceptionSearchTests
{
    private const string Name = "SetErrorStatusOnException";
    private const int LongFileLength = 100_000;

    /// <summary>Positions of names that end just before, cross, or start just after 32K and 40K boundaries.</summary>
    public static TheoryData<int> PositionsAroundPieceEnds()
    {
        var positions = new TheoryData<int> { 0, LongFileLength - Name.Length };
        foreach (int end in new[] { 32 * 1024, 40 * 1024, 64 * 1024, 80 * 1024 })
        {
            for (int position = end - Name.Length - 1; position <= end + 1; position++)
            {
                positions.Add(position);
            }
        }

        return positions;
    }

    [Theory]
    [MemberData(nameof(PositionsAroundPieceEnds))]
    public void NameAnywhereInALongFile_IsFound(int position)
    {
        string text = TextWith(Name, position);

        foreach (var kind in KindsOf(text))
        {
            Assert.True(Search(kind), kind.GetType().Name);
        }
    }

    [Theory]
    [MemberData(nameof(PositionsAroundPieceEnds))]
    public void NameCutShortAcrossAPieceEnd_IsNotFound(int position)
    {
        // The name less its first character where the whole name would be, and less its last one further on.
        string text = TextWith(Name.Substring(1), position);
        text = text.Substring(0, 10) + Name.Substring(0, Name.Length - 1) + text.Substring(10 + Name.Length - 1);

        foreach (var kind in KindsOf(text))
        {
            Assert.False(Search(kind), kind.GetType().Name);
        }
    }

    [Fact]
    public void LongFileRead_IsWrittenInPieces()
    {
        // The piece-end cases above are only tested if a long file read from disk is not one string, as in the compiler.
        var text = FromStream(new string('x', LongFileLength));

        Assert.NotEqual("StringText", text.GetType().Name);
    }

    [Fact]
    public void NameWrittenACharacterOrTwoAtATime_IsFound()
    {
        var search = new ErrorStatusOnException.NameSearch(Name);
        string text = "x." + Name + "();";
        for (int i = 0; i < text.Length; i += 2)
        {
            if (i + 1 < text.Length)
            {
                search.Write(text.ToCharArray(), i, 2);
            }
            else
            {
                search.Write(text[i]);
            }
        }

        Assert.True(search.Found);
    }

    [Fact]
    public void NameInAShortFile_IsFoundOnlyWhenWhole()
    {
        Assert.True(Search(SourceText.From("builder." + Name + "();")));
        Assert.True(Search(SourceText.From(Name)));
        Assert.False(Search(SourceText.From("builder.SetErrorStatusOnExceptio();")));
        Assert.False(Search(SourceText.From(Name.ToLowerInvariant())));
        Assert.False(Search(SourceText.From(string.Empty)));
    }

    [Fact]
    public void SearchReused_DoesNotCarryAFileIntoTheNext()
    {
        ErrorStatusOnException.NameSearch? search = null;

        Assert.True(ErrorStatusOnException.Mentions(SourceText.From(Name), ref search));
        Assert.False(ErrorStatusOnException.Mentions(SourceText.From("SetErrorStatus"), ref search));
        Assert.False(ErrorStatusOnException.Mentions(SourceText.From("OnException"), ref search));
    }

    private static bool Search(SourceText text)
    {
        ErrorStatusOnException.NameSearch? search = null;
        bool found = ErrorStatusOnException.Mentions(text, ref search);
        Assert.Equal(text.ToString().Contains(Name, StringComparison.Ordinal), found);
        return found;
    }

    /// <summary>The text as the compiler keeps it read whole, read from a long file, and after an edit in the IDE.</summary>
    private static SourceText[] KindsOf(string text) =>
    [
        SourceText.From(text),
        FromStream(text),
        SourceText.From(text).WithChanges(new TextChange(new TextSpan(5_000, 0), " ")),
    ];

    private static SourceText FromStream(string text) =>
        SourceText.From(new MemoryStream(Encoding.UTF8.GetBytes(text)), Encoding.UTF8);

    private static string TextWith(string word, int position) =>
        new string(' ', position) + word + new string(' ', LongFileLength - position - word.Length);
}
