using System.Collections.Generic;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// Jagged data, <c>[NoDerivative] double[][] xs</c>, as ML code holds its samples: read as <c>xs[n][j]</c>, measured
    /// as <c>xs.Length</c> and <c>xs[n].Length</c>, iterated with <c>foreach (double[] x in xs)</c>, and named by a row
    /// alias <c>var x = xs[n];</c>. A row alias is not a local array in the IR: each use of it reads <c>xs[k][...]</c>,
    /// with <c>k</c> the row's index read once where the alias is declared, so the reverse sweep never needs to keep a row.
    /// </summary>
    internal sealed partial class MethodLowering
    {
        /// <summary>Locals that name a row of jagged data, and the row they name.</summary>
        private readonly Dictionary<ILocalSymbol, Expr> _rowAliases = new(SymbolEqualityComparer.Default);

        /// <summary>The element access when <paramref name="initializer"/> reads a row of jagged data (<c>xs[n]</c>), else null.</summary>
        private static IArrayElementReferenceOperation? RowOfJaggedData(IOperation? initializer)
        {
            while (initializer is IConversionOperation { IsImplicit: true } conversion) initializer = conversion.Operand;
            return initializer is IArrayElementReferenceOperation { Indices.Length: 1 } element
                && SymbolFacts.Classify(element.ArrayReference.Type) is { Shape: Shape.Jagged }
                ? element
                : null;
        }

        /// <summary><c>var x = xs[n];</c>: every later read of <c>x</c> reads the row, by an index fixed here.</summary>
        private void LowerRowAlias(IVariableDeclaratorOperation declarator, IArrayElementReferenceOperation row, List<Stmt> output)
        {
            Expr? data = LowerExpression(row.ArrayReference);
            Expr? index = LowerExpression(row.Indices[0]);
            if (data is null || index is null)
            {
                _rejectedLocals.Add(declarator.Symbol);
                return;
            }

            if (index is not IntConst)
            {
                // The index's variable may change later (a loop counter, n++): the row is the one it names now.
                var fixedIndex = new Variable(_nextId++, "_" + declarator.Symbol.Name + "Row", index.Type, VariableKind.Synthetic);
                output.Add(new Declare(fixedIndex, Hoist(index, output)));
                index = new VarRef(fixedIndex);
            }

            _rowAliases[declarator.Symbol] = new ElementAccess(data, index);
        }

        /// <summary><c>foreach (double[] x in xs)</c>: a loop over the rows' indices, <c>x</c> an alias of the current row.</summary>
        private void LowerForEachRow(IForEachLoopOperation loop, IVariableDeclaratorOperation row, IOperation collection, List<Stmt> output)
        {
            Expr? sequence = LowerExpression(collection);
            if (sequence is null) return;
            var initializer = new List<Stmt>();
            sequence = ReadOnce(sequence, "_sequence", initializer);

            var index = new Variable(_nextId++, NextTempName("_i"), TypeRef.Int32, VariableKind.Synthetic);
            initializer.Add(new Declare(index, new IntConst(0, ScalarKind.Int32)));
            _rowAliases[row.Symbol] = new ElementAccess(sequence, new VarRef(index));

            _loopDepth++;
            Block body = LowerEmbedded(loop.Body);
            _loopDepth--;

            output.Add(IndexLoop(initializer, index, new LengthOf(sequence), body.Statements));
        }
    }
}
