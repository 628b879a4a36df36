using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// Data held in lists, <c>List&lt;double&gt;</c>, <c>IReadOnlyList&lt;double&gt;</c>, <c>IList&lt;double&gt;</c>: a list
    /// is never differentiated (CONTRACT: a parameter of another type is a constant), and GradGen reads it as data:
    /// <c>list[i]</c> (through <c>Enumerable.ElementAt</c>, which indexes a list directly), <c>list.Count</c>, and
    /// <c>foreach</c> over it as a loop over its indices.
    /// </summary>
    internal sealed partial class MethodLowering
    {
        /// <summary>The element type of a list GradGen reads as data (a number or a bool), or null.</summary>
        private static TypeRef? ListElement(ITypeSymbol? type)
        {
            if (type is null) return null;
            IEnumerable<INamedTypeSymbol> candidates = type is INamedTypeSymbol named ? new[] { named }.Concat(type.AllInterfaces) : type.AllInterfaces;
            foreach (INamedTypeSymbol candidate in candidates)
            {
                if (candidate.IsGenericType && candidate.TypeArguments.Length == 1
                    && (SymbolFacts.IsNamed(candidate.OriginalDefinition, "System.Collections.Generic.IReadOnlyList`1") || SymbolFacts.IsNamed(candidate.OriginalDefinition, "System.Collections.Generic.IList`1"))
                    && SymbolFacts.Classify(candidate.TypeArguments[0]) is { IsScalar: true } element && element.Scalar != ScalarKind.Other)
                {
                    return element;
                }
            }

            return null;
        }

        /// <summary>The type of a row of a list of arrays of numbers (<c>List&lt;double[]&gt;</c>, <c>IReadOnlyList&lt;float[]&gt;</c>), or null.</summary>
        private static TypeRef? ListRow(ITypeSymbol? type)
        {
            if (type is null) return null;
            IEnumerable<INamedTypeSymbol> candidates = type is INamedTypeSymbol named ? new[] { named }.Concat(type.AllInterfaces) : type.AllInterfaces;
            foreach (INamedTypeSymbol candidate in candidates)
            {
                if (candidate.IsGenericType && candidate.TypeArguments.Length == 1
                    && (SymbolFacts.IsNamed(candidate.OriginalDefinition, "System.Collections.Generic.IReadOnlyList`1") || SymbolFacts.IsNamed(candidate.OriginalDefinition, "System.Collections.Generic.IList`1"))
                    && SymbolFacts.Classify(candidate.TypeArguments[0]) is { Shape: Shape.Array } row && row.Scalar != ScalarKind.Other)
                {
                    return row;
                }
            }

            return null;
        }

        /// <summary><c>rows[i]</c> of a list of arrays of numbers: <c>Enumerable.ElementAt&lt;double[]&gt;(rows, i)</c>, a row of data
        /// read as <c>rows[i][j]</c> and <c>rows[i].Length</c>, named by an alias, or a LINQ query's source.</summary>
        private Expr? LowerListRow(IPropertyReferenceOperation indexer, TypeRef row)
        {
            Expr? list = LowerExpression(indexer.Instance!);
            Expr? index = LowerExpression(indexer.Arguments[0].Value);
            if (list is null || index is null) return null;
            return new OpaqueCall(null, LinqEnumerable, "ElementAt",
                EquatableArray.Create<TypeName>(new ArrayTypeName(ScalarName(row.Scalar), 1)), EquatableArray.Create(list, index), row, IsPure: true);
        }

        /// <summary><c>list[i]</c> of a list of numbers: <c>Enumerable.ElementAt(list, i)</c>.</summary>
        private Expr? LowerListElement(IPropertyReferenceOperation indexer, TypeRef element)
        {
            Expr? list = LowerExpression(indexer.Instance!);
            Expr? index = LowerExpression(indexer.Arguments[0].Value);
            if (list is null || index is null) return null;
            return ElementAt(list, index, element);
        }

        private static Expr ElementAt(Expr list, Expr index, TypeRef element) =>
            new OpaqueCall(null, LinqEnumerable, "ElementAt",
                EquatableArray.Create<TypeName>(new BuiltInTypeName(SymbolFacts.BuiltInTypeOf(element.Scalar))),
                EquatableArray.Create(list, index), element, IsPure: true);

        private static TypeName ScalarName(ScalarKind scalar) => new BuiltInTypeName(SymbolFacts.BuiltInTypeOf(scalar));

        /// <summary><c>foreach (double[] row in rows)</c> over a list of arrays: a loop over the list's indices, <c>row</c> a view of
        /// the current row (read by index, measured, iterated, queried; never kept).</summary>
        private void LowerForEachOfListRows(IForEachLoopOperation loop, IVariableDeclaratorOperation row, IOperation collection, TypeRef rowType, List<Stmt> output)
        {
            Expr? list = LowerExpression(collection);
            if (list is null) return;
            var initializer = new List<Stmt>();
            list = ReadOnce(list, "_list", initializer);
            var index = new Variable(_nextId++, NextTempName("_i"), TypeRef.Int32, VariableKind.Synthetic);
            initializer.Add(new Declare(index, new IntConst(0, ScalarKind.Int32)));
            Expr current = new OpaqueCall(null, LinqEnumerable, "ElementAt", EquatableArray.Create<TypeName>(new ArrayTypeName(ScalarName(rowType.Scalar), 1)),
                EquatableArray.Create(list, new VarRef(index)), rowType, IsPure: true);
            _views[row.Symbol] = new View(current, new IntConst(0, ScalarKind.Int32), new LengthOf(current), SymbolFacts.Classify(row.Symbol.Type) ?? rowType);

            _loopDepth++;
            Block body = LowerEmbedded(loop.Body);
            _loopDepth--;
            output.Add(IndexLoop(initializer, index, new MemberRead(list, "Count", TypeRef.Int32), body.Statements));
        }

        /// <summary><c>foreach (double v in list)</c>: a loop over the list's indices (the list is read once, into a local
        /// when it is more than a variable).</summary>
        private void LowerForEachOfList(IForEachLoopOperation loop, IVariableDeclaratorOperation control, IOperation collection, TypeRef element, List<Stmt> output)
        {
            TypeRef? variableType = SymbolFacts.Classify(control.Symbol.Type);
            Expr? list = LowerExpression(collection);
            if (variableType is not { IsScalar: true } || list is null)
            {
                if (list is not null) Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(loop.Syntax), "this foreach loop", "its loop variable must be a number");
                return;
            }

            var initializer = new List<Stmt>();
            list = ReadOnce(list, "_list", initializer);

            var index = new Variable(_nextId++, NextTempName("_i"), TypeRef.Int32, VariableKind.Synthetic);
            initializer.Add(new Declare(index, new IntConst(0, ScalarKind.Int32)));
            var item = new Variable(_nextId++, control.Symbol.Name, variableType.Value, VariableKind.Local);
            _variables[control.Symbol] = item;

            _loopDepth++;
            Block body = LowerEmbedded(loop.Body);
            _loopDepth--;

            var statements = new List<Stmt> { new Declare(item, Converted(ElementAt(list, new VarRef(index), element), variableType.Value)) };
            statements.AddRange(body.Statements);
            output.Add(IndexLoop(initializer, index, new MemberRead(list, "Count", TypeRef.Int32), statements));
        }
    }
}
