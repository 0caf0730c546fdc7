{*<!-- Shell of the "LBL_FIELD_MAPPING" page: the widget bundle mounts its screen into [data-xtiger-screen=fieldMapping]. -->*}
{strip}
	<div class="xtiger-screen" data-xtiger-screen="fieldMapping">
		<h4>{vtranslate('LBL_FIELD_MAPPING', $QUALIFIED_MODULE)}</h4>
		<p class="text-muted">{vtranslate('LBL_FIELD_MAPPING_DESCRIPTION', $QUALIFIED_MODULE)}</p>
		<div class="xtiger-screen-body" data-empty-text="{vtranslate('LBL_SCREEN_NEEDS_BACKEND', $QUALIFIED_MODULE)}">
			{vtranslate('LBL_SCREEN_LOADING', $QUALIFIED_MODULE)}
		</div>
	</div>
{/strip}
