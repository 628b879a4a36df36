using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// Local buffers reassigned as recurrent code does: <c>h = next;</c> where <c>next</c> is a buffer created anew in the loop
    /// body (an RNN's hidden state), <c>(h, hNext) = (hNext, h);</c> (double buffering), <c>h = new double[n];</c>. In C# these
    /// make two variables name one array; GradGen keeps every local buffer apart, so it lowers them as an element copy, an
    /// element swap and a zeroing. That is exact when both buffers have the same length, fixed for the method, and when the
    /// sharing C# creates cannot be seen: after <c>h = next</c>, <c>next</c> is not used again before its declaration creates
    /// it anew (no loop runs the assignment twice in one life of <c>next</c>), and no view of either buffer is taken before.
    /// Everything else is GG0014, saying what to write instead.
    /// </summary>
    internal sealed partial class MethodLowering
    {
        /// <summary><c>buffer = ...;</c> of a local array or span, or of a view: lowered or reported here, true; false for other targets.</summary>
        private bool TryLowerBufferAssignment(ISimpleAssignmentOperation assignment, List<Stmt> output)
        {
            if (WithoutConversions(assignment.Target) is not ILocalReferenceOperation { Local: var target } targetReference) return false;
            if (_views.ContainsKey(target))
            {
                Report(DiagnosticDescriptors.UnsupportedLocalArray, targetReference.Syntax.GetLocation(), target.Name, "it is a view of another array or span; it cannot be reassigned (declare another local for another view)");
                return true;
            }

            if (!_variables.TryGetValue(target, out Variable? buffer) || !buffer.Type.IsSequence) return false;
            IOperation value = WithoutConversions(assignment.Value);
            Location at = targetReference.Syntax.GetLocation();

            if (value is IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: null } creation)
            {
                // h = new double[n]: a fresh zeroed array of the same length is the same as zeroing h.
                if (!SameFixedLength(target, creation.DimensionSizes[0], null, at, "zeroing it", "the new array", "zero it instead, Array.Clear(" + target.Name + "), or declare another local")
                    || !NoViewOf(buffer, at, target.Name) || !NotIteratedAround(target, at)) return true;
                StoreEach(new View(new VarRef(buffer), Int(0), new LengthOf(new VarRef(buffer)), buffer.Type), new LengthOf(new VarRef(buffer)), ZeroOf(buffer.Type.Element), output);
                return true;
            }

            string copyAdvice = "copy the values instead: " + Abbreviate(assignment.Value.Syntax) + ".CopyTo(" + target.Name + ")";
            if (value is not ILocalReferenceOperation { Local: var source } || source.Equals(target, SymbolEqualityComparer.Default)
                || !_variables.TryGetValue(source, out Variable? sourceBuffer) || !sourceBuffer.Type.IsSequence || _views.ContainsKey(source))
            {
                Report(DiagnosticDescriptors.UnsupportedLocalArray, at, target.Name,
                    "'" + Abbreviate(assignment.Syntax) + "' would make '" + target.Name + "' another name of that array, and GradGen keeps each local array apart; " + copyAdvice);
                return true;
            }

            if (!SameFixedLength(target, null, source, at, "an element copy", "'" + source.Name + "'", copyAdvice)
                || !NoViewOf(buffer, at, target.Name) || !NoViewOf(sourceBuffer, at, source.Name) || !NotIteratedAround(target, at)
                || !NotUsedUntilCreatedAgain(source, assignment, at, target.Name, copyAdvice))
            {
                return true;
            }

            // h = next, next not used again until it is created anew: copying its elements into h is the same.
            var k = new Variable(_nextId++, NextTempName("_k"), TypeRef.Int32, VariableKind.Synthetic);
            output.Add(IndexLoop(new List<Stmt> { new Declare(k, Int(0)) }, k, new LengthOf(new VarRef(buffer)),
                new[] { new Assign(new ElementAccess(new VarRef(buffer), new VarRef(k)), new ElementAccess(new VarRef(sourceBuffer), new VarRef(k))) }));
            return true;
        }

        /// <summary><c>(a, b) = (b, a);</c> of two local buffers: lowered as an element swap, or reported; false when no buffer is involved.</summary>
        private bool TryLowerBufferSwap(IDeconstructionAssignmentOperation deconstruction, List<Stmt> output)
        {
            IOperation value = WithoutConversions(deconstruction.Value);
            if (deconstruction.Target is not ITupleOperation targets || value is not ITupleOperation values) return false;
            bool IsBuffer(IOperation o) => WithoutConversions(o) is ILocalReferenceOperation { IsDeclaration: false } l
                && (_views.ContainsKey(l.Local) || _variables.TryGetValue(l.Local, out Variable? v) && v.Type.IsSequence);
            if (!targets.Elements.Any(IsBuffer) && !values.Elements.Any(IsBuffer)) return false;

            Location at = deconstruction.Syntax.GetLocation();
            const string Swap = "a tuple assignment of local arrays is a swap, (a, b) = (b, a), of two local arrays created with the same fixed length";
            if (targets.Elements.Length != 2 || values.Elements.Length != 2
                || WithoutConversions(targets.Elements[0]) is not ILocalReferenceOperation { Local: var a } || WithoutConversions(targets.Elements[1]) is not ILocalReferenceOperation { Local: var b }
                || !Names(values.Elements[0], b) || !Names(values.Elements[1], a) || a.Equals(b, SymbolEqualityComparer.Default)
                || !_variables.TryGetValue(a, out Variable? first) || !first.Type.IsSequence || !_variables.TryGetValue(b, out Variable? second) || !second.Type.IsSequence
                || _views.ContainsKey(a) || _views.ContainsKey(b))
            {
                Report(DiagnosticDescriptors.UnsupportedLocalArray, at, Abbreviate(deconstruction.Target.Syntax), Swap);
                return true;
            }

            if (!SameFixedLength(a, null, b, at, "an element swap", "'" + b.Name + "'", Swap) || !NoViewOf(first, at, a.Name) || !NoViewOf(second, at, b.Name)
                || !NotIteratedAround(a, at) || !NotIteratedAround(b, at)) return true;

            // Swapping the elements leaves each variable with the other's values, as swapping the arrays does.
            var k = new Variable(_nextId++, NextTempName("_k"), TypeRef.Int32, VariableKind.Synthetic);
            var held = new Variable(_nextId++, NextTempName("_swap"), first.Type.Element, VariableKind.Synthetic);
            Expr A = new ElementAccess(new VarRef(first), new VarRef(k)), B = new ElementAccess(new VarRef(second), new VarRef(k));
            output.Add(IndexLoop(new List<Stmt> { new Declare(k, Int(0)) }, k, new LengthOf(new VarRef(first)),
                new Stmt[] { new Declare(held, A), new Assign(A, B), new Assign(B, new VarRef(held)) }));
            return true;
        }

        private static Expr ZeroOf(TypeRef element) =>
            element.IsReal ? RealConst.Of(0, element.Scalar) : element.Scalar == ScalarKind.Boolean ? new BoolConst(false) : new IntConst(0, element.Scalar);

        /// <summary>How a local buffer was created: the length of <c>new T[n]</c> or <c>stackalloc T[n]</c>, or the number of values
        /// of a list of them; (null, null) for anything else.</summary>
        private (IOperation? Length, int? Count) CreatedLength(ILocalSymbol local)
        {
            if (local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken) is not VariableDeclaratorSyntax declarator
                || _semanticModel.GetOperation(declarator, _cancellationToken) is not IVariableDeclaratorOperation operation)
            {
                return (null, null);
            }

            IOperation? initializer = operation.Initializer?.Value ?? (operation.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
            if (InitializerElements(initializer) is { } values) return (null, values.Count);
            IOperation? creation = initializer;
            while (creation is IConversionOperation { IsImplicit: true } conversion) creation = conversion.Operand;
            return creation switch
            {
                IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: null } array => (array.DimensionSizes[0], null),
                { Syntax: StackAllocArrayCreationExpressionSyntax } when creation.ChildOperations.Count == 1 => (creation.ChildOperations.First(), null),
                _ => (null, null),
            };
        }

        /// <summary>Whether <paramref name="target"/> was created with the same length as <paramref name="source"/> (or as
        /// <paramref name="length"/>), one that is fixed for the method; reported (GG0014) when not.</summary>
        private bool SameFixedLength(ILocalSymbol target, IOperation? length, ILocalSymbol? source, Location at, string lowering, string what, string advice)
        {
            (IOperation? targetLength, int? targetCount) = CreatedLength(target);
            (IOperation? sourceLength, int? sourceCount) = source is null ? (length, null) : CreatedLength(source);
            long? Constant(IOperation? o, int? count) => count ?? (o?.ConstantValue is { HasValue: true, Value: int c } ? c : null);
            bool same = Constant(targetLength, targetCount) is { } t && Constant(sourceLength, sourceCount) is { } s ? t == s
                : targetLength is not null && sourceLength is not null && IsFixed(targetLength) && IsFixed(sourceLength) && SyntaxFactory.AreEquivalent(targetLength.Syntax, sourceLength.Syntax);
            if (!same)
            {
                Report(DiagnosticDescriptors.UnsupportedLocalArray, at, target.Name,
                    "GradGen lowers this as " + lowering + ", which needs '" + target.Name + "' and " + what + " created with the same length, fixed for the whole method (constants, int parameters, .Length of parameters, locals never reassigned); " + advice);
            }

            return same;
        }

        /// <summary>Whether no view of <paramref name="buffer"/> was taken before (it would keep naming the old array); reported when one was.</summary>
        private bool NoViewOf(Variable buffer, Location at, string name)
        {
            if (!_views.Values.Any(v => v.Buffer == buffer)) return true;
            Report(DiagnosticDescriptors.UnsupportedLocalArray, at, name,
                "a view of '" + buffer.Name + "' is taken before, and would go on naming the old array; take the view after this assignment, or copy the values instead");
            return false;
        }

        /// <summary>Whether no foreach being lowered around the assignment iterates <paramref name="buffer"/> (or a view of it): in
        /// C# it goes on reading the array it started with, which an element copy into the buffer would change; reported when
        /// one does.</summary>
        private bool NotIteratedAround(ILocalSymbol buffer, Location at)
        {
            if (!_iterated.Contains(buffer, SymbolEqualityComparer.Default)) return true;
            Report(DiagnosticDescriptors.UnsupportedLocalArray, at, buffer.Name,
                "the foreach around this assignment iterates '" + buffer.Name + "' and goes on reading the array it started with, which GradGen's element copy would change; "
                + "iterate with a for loop over the index, or assign after the loop");
            return false;
        }

        /// <summary>
        /// Whether, after <c>target = source</c>, <paramref name="source"/> is not used again before its declaration creates it
        /// anew: the assignment is in the block that declares the source (in no loop inside that block), and nothing after it
        /// in that block names the source. Reported (GG0014) when not.
        /// </summary>
        private bool NotUsedUntilCreatedAgain(ILocalSymbol source, ISimpleAssignmentOperation assignment, Location at, string targetName, string copyAdvice)
        {
            SyntaxNode? declaration = source.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken);
            SyntaxNode? scope = declaration?.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>()?.Parent;
            SyntaxNode statement = assignment.Syntax.FirstAncestorOrSelf<StatementSyntax>() ?? assignment.Syntax;
            string why;
            if (scope is null || !scope.Span.Contains(statement.Span))
            {
                why = "'" + source.Name + "' is not declared in a block that holds this assignment";
            }
            else if (statement.Ancestors().TakeWhile(n => n != scope).FirstOrDefault(n => n is ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax
                or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax) is { } loop)
            {
                why = "a loop inside the block that declares '" + source.Name + "' runs this assignment again while '" + source.Name + "' is the same array, so both would name one array";
            }
            else if (scope.DescendantNodes().OfType<IdentifierNameSyntax>().FirstOrDefault(n => n.SpanStart >= statement.Span.End && n.Identifier.ValueText == source.Name
                && SymbolEqualityComparer.Default.Equals(_semanticModel.GetSymbolInfo(n, _cancellationToken).Symbol, source)) is { } use)
            {
                why = "'" + source.Name + "' is used again after it (line " + (use.GetLocation().GetLineSpan().StartLinePosition.Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)
                    + "), where in C# it would be the same array as '" + targetName + "'";
            }
            else
            {
                return true;
            }

            Report(DiagnosticDescriptors.UnsupportedLocalArray, at, targetName,
                "GradGen lowers '" + Abbreviate(assignment.Syntax) + "' as an element copy, exact only when '" + source.Name + "' is not used again before it is created anew, but " + why + "; "
                + copyAdvice + ", or swap the two: (" + targetName + ", " + source.Name + ") = (" + source.Name + ", " + targetName + ")");
            return false;
        }
    }
}
