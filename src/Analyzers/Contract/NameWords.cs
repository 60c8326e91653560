using System;
using System.Collections.Immutable;
using System.Text;

namespace SignalContract.Analyzers.Contract;

/// <summary>
/// Splits names into lowercase words, so that <c>request_id</c>, <c>RequestId</c>, <c>requestId</c>,
/// <c>request.id</c> and <c>request-id</c> all read as the words <c>request id</c>.
/// </summary>
internal static class NameWords
{
    public static ImmutableArray<string> Split(string name)
    {
        var words = ImmutableArray.CreateBuilder<string>();
        var current = new StringBuilder();
        var reader = new WordReader(name);
        for (int c = reader.Next(); c != WordReader.End; c = reader.Next())
        {
            // The reader marks a boundary only between two words, so the word before it is never empty.
            if (c == WordReader.Boundary)
            {
                words.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append((char)c);
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words.ToImmutable();
    }

    /// <summary>True when both names have the same words, whatever their spelling.</summary>
    /// <remarks>Compares without splitting: rules ask this for every label key against every listed name.</remarks>
    public static bool SameWords(string left, string right)
    {
        if (string.Equals(left, right, StringComparison.Ordinal))
        {
            return true;
        }

        var a = new WordReader(left);
        var b = new WordReader(right);
        bool anyWord = false;
        while (true)
        {
            int x = a.Next();
            if (x != b.Next())
            {
                return false;
            }

            if (x == WordReader.End)
            {
                return anyWord;
            }

            anyWord = true;
        }
    }

    /// <summary>True when <paramref name="words"/> contains <paramref name="part"/> as consecutive words.</summary>
    public static bool ContainsRun(ImmutableArray<string> words, ImmutableArray<string> part) => IndexOfRun(words, part, 0) >= 0;

    /// <summary>Where <paramref name="part"/> next appears in <paramref name="words"/> as consecutive words, from <paramref name="start"/>; -1 if it does not.</summary>
    public static int IndexOfRun(ImmutableArray<string> words, ImmutableArray<string> part, int start)
    {
        if (part.Length == 0)
        {
            return -1;
        }

        for (; start + part.Length <= words.Length; start++)
        {
            int matched = 0;
            while (matched < part.Length && string.Equals(words[start + matched], part[matched], StringComparison.Ordinal))
            {
                matched++;
            }

            if (matched == part.Length)
            {
                return start;
            }
        }

        return -1;
    }

    /// <summary>A key for dictionaries that treat spellings of one name as the same: the words joined by '_'.</summary>
    public static string Key(string name) => string.Join("_", Split(name));

    /// <summary>
    /// Reads a name as the lowercase characters of its words with a boundary mark between words. The one definition of
    /// where words break: <see cref="Split"/> builds strings from it, <see cref="SameWords"/> compares without them.
    /// </summary>
    private struct WordReader
    {
        public const int End = -1;
        public const int Boundary = -2;

        private readonly string _name;
        private int _position;
        private bool _inWord;
        private bool _boundaryPending;

        public WordReader(string name)
        {
            _name = name;
            _position = 0;
            _inWord = false;
            _boundaryPending = false;
        }

        public int Next()
        {
            while (_position < _name.Length)
            {
                char c = _name[_position];
                if (!char.IsLetterOrDigit(c))
                {
                    _position++;
                    _boundaryPending |= _inWord;
                    _inWord = false;
                    continue;
                }

                if (_inWord && char.IsUpper(c))
                {
                    char previous = _name[_position - 1];
                    bool nextIsLower = _position + 1 < _name.Length && char.IsLower(_name[_position + 1]);
                    if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower))
                    {
                        _boundaryPending = true;
                        _inWord = false;
                    }
                }

                if (_boundaryPending)
                {
                    _boundaryPending = false;
                    return Boundary;
                }

                _inWord = true;
                _position++;
                return char.ToLowerInvariant(c);
            }

            return End;
        }
    }
}
