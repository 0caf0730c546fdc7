{*<!-- Shell of the "LBL_DASHBOARD" page: the widget bundle mounts its screen into [data-xtiger-screen=dashboard]. -->*}
{strip}
	<div class="xtiger-screen" data-xtiger-screen="dashboard">
		<h4>{vtranslate('LBL_DASHBOARD', $QUALIFIED_MODULE)}</h4>
		<p class="text-muted">{vtranslate('LBL_DASHBOARD_DESCRIPTION', $QUALIFIED_MODULE)}</p>
		<div class="xtiger-screen-body" data-empty-text="{vtranslate('LBL_SCREEN_NEEDS_BACKEND', $QUALIFIED_MODULE)}">
			{vtranslate('LBL_SCREEN_LOADING', $QUALIFIED_MODULE)}
		</div>
	</div>
{/strip}
