using System;
using System.Text;

namespace GradGen.Generator.Helpers
{
    /// <summary>A small indented text writer for generated source (4 spaces, '\n' line ends).</summary>
    internal sealed class SourceWriter
    {
        private readonly StringBuilder _sb = new();
        private int _indent;

        public int Indentation => _indent;

        public void Indent() => _indent++;

        public void Unindent()
        {
            if (_indent == 0) throw new InvalidOperationException("Unbalanced indentation.");
            _indent--;
        }

        public void WriteLine(string line)
        {
            if (line.Length == 0)
            {
                _sb.Append('\n');
                return;
            }

            _sb.Append(' ', _indent * 4).Append(line).Append('\n');
        }

        public void WriteLine() => _sb.Append('\n');

        public void OpenBrace()
        {
            WriteLine("{");
            Indent();
        }

        public void CloseBrace(string suffix = "")
        {
            Unindent();
            WriteLine("}" + suffix);
        }

        public override string ToString() => _sb.ToString();
    }
}
