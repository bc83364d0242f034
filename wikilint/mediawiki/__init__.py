"""Reading pages of a live MediaWiki through its Action API (read-only, polite).

``client`` speaks to one site's ``api.php``; ``site`` finds it and reads its siteinfo;
``revisions`` keeps fetched revisions on disk; ``source`` turns URLs, titles and categories
into the engine's Inputs. The engine never imports this package; the front door does.
"""
